#!/usr/bin/env python3
# Usage: python3 scripts/keda-go-facts.py <kedacore/keda checkout>/pkg/scalers src/sources/keda/scalers-schema.json src/sources/keda/scaler-go-facts.json
# (the checkout at the commit of scalers-schema.json; see src/sources/keda/README.md)
#
# Facts about each scaler of KEDA's scalers-schema.json that its generator (schema/generate_scaler_schema.go) loses,
# read from the same commit's pkg/scalers/*.go:
# - goTypes: the Go type of each parameter's field (the generator writes type "string" for every parameter);
# - aliases: names of one field (`keda:"name=queueName;queueNames"`), listed by the schema as separate required entries;
# - optionalByParent: fields of a `keda:"optional"` sub-struct (KEDA's parentOptional), listed as required;
# - extraParameters: parameters KEDA reads that the schema lacks: fields of sub-structs from another package
#   (authentication.Config's authModes, azure.EventHubInfo, ...), which the generator does not follow, and metadata
#   keys read directly (`config.TriggerMetadata["x"]`, the Azure cloud helpers' `cloud` / `endpointSuffix` / ...).
# Each scaler's config struct is found by its exact parameter sequence in scalers-schema.json.
import json, os, re, sys

root, schema_path, out_path = sys.argv[1:4]
schema = json.load(open(schema_path))

structs = {}  # (dir, name) -> {"fields": [(goType, tag)], "file": path}
for dirpath, _, files in os.walk(root):
    pkg = os.path.relpath(dirpath, root)
    for fn in files:
        if not fn.endswith('.go') or fn.endswith('_test.go'):
            continue
        path = os.path.join(dirpath, fn)
        src = open(path).read()
        for m in re.finditer(r'type\s+(\w+)\s+struct\s*\{', src):
            i = m.end(); depth = 1; j = i
            while depth:
                depth += {'{': 1, '}': -1}.get(src[j], 0)
                j += 1
            fields = []
            for line in src[i:j - 1].split('\n'):
                fm = re.match(r'^\s*(\w+)\s+(\S+)\s+`([^`]*)`', line) or re.match(r'^\s*()(\S+)\s+`([^`]*)`', line)
                km = fm and re.search(r'keda:"([^"]*)"', fm.group(3))
                if km:
                    fields.append((fm.group(2), km.group(1)))
            if fields:
                structs.setdefault((pkg, m.group(1)), {"fields": fields, "file": path})


def tag_of(tag):
    kv = {}
    for part in tag.split(','):
        part = part.strip()
        if part:
            k, _, v = part.partition('=')
            kv[k.strip()] = v.strip() if _ else True
    return kv


def resolve(pkg, gotype, cross):
    t = gotype.lstrip('*')
    if '.' in t:
        if not cross:
            return None
        p, name = t.split('.', 1)
        return (p, name) if (p, name) in structs else None
    return (pkg, t) if (pkg, t) in structs else None


def flatten(key, cross, parent_optional=False, seen=()):
    out = []
    for gotype, tag in structs[key]["fields"]:
        kv = tag_of(tag)
        if 'name' not in kv:
            sub = resolve(key[0], gotype, cross)
            if sub and sub not in seen:
                out += flatten(sub, cross, parent_optional or kv.get('optional') is True, seen + (sub,))
            continue
        names = kv['name'].split(';')
        order = kv.get('order', '') if isinstance(kv.get('order'), str) else ''
        for n in names:
            out.append({'name': n, 'goType': gotype, 'aliases': names if len(names) > 1 else None,
                        'parentOptional': parent_optional, 'optional': kv.get('optional') is True or 'default' in kv or 'deprecated' in kv,
                        'order': order.split(';') if order else [], 'default': kv.get('default'), 'enum': kv.get('enum')})
    return out


ENV_KEYS = {'DefaultEndpointSuffixKey': 'endpointSuffix', 'DefaultStorageSuffixKey': 'storageEndpointSuffix', 'DefaultActiveDirectoryEndpointKey': 'activeDirectoryEndpoint'}


# Helper functions in sub-packages (aws, gcp, azure, ...) that read trigger metadata or auth params by key:
# function name -> {(key, "M" | "A")}, closed over calls between helpers.
READ = re.compile(r'(triggerMetadata|TriggerMetadata|authParams|AuthParams)\["(\w+)"\]')
helpers = {}
helper_calls = {}
for dirpath, _, files in os.walk(root):
    if dirpath == root:
        continue
    for fn in files:
        if not fn.endswith('.go') or fn.endswith('_test.go'):
            continue
        src = open(os.path.join(dirpath, fn)).read()
        parts = re.split(r'\nfunc (?:\([^)]*\)\s*)?(\w+)\(', src)
        for name, body in zip(parts[1::2], parts[2::2]):
            helpers.setdefault(name, set()).update((k, 'M' if w.lower().startswith('trigger') else 'A') for w, k in READ.findall(body))
            helper_calls.setdefault(name, set()).update(re.findall(r'\b([A-Z]\w+)\(', body))
changed = True
while changed:
    changed = False
    for name, calls in helper_calls.items():
        for c in calls:
            if c in helpers and c != name and not helpers[c] <= helpers[name]:
                helpers[name] |= helpers[c]; changed = True


def helper_keys(src):
    keys = set()
    for name in re.findall(r'\b\w+\.([A-Z]\w+)\(', src):
        keys |= helpers.get(name, set())
    return keys


def direct_keys(path):
    src = open(path).read()
    keys = set(re.findall(r'TriggerMetadata\["([A-Za-z.]+)"\]', src))
    for k in re.findall(r'ParseEnvironmentProperty\(config\.TriggerMetadata,\s*azure\.(\w+)', src):
        keys |= {'cloud', ENV_KEYS[k]}
    if 'ParseActiveDirectoryEndpoint(config.TriggerMetadata' in src:
        keys |= {'cloud', 'activeDirectoryEndpoint'}
    if 'ParseAzureStorageEndpointSuffix(config.TriggerMetadata' in src:
        keys |= {'cloud', 'endpointSuffix'}
    return keys


result = {}
unmatched = []
for s in schema['scalers']:
    seq = [p['name'] for p in s['parameters']]
    cands = [k for k in structs if [x['name'] for x in flatten(k, False)] == seq]
    if not cands:
        unmatched.append(s['type']); continue
    key = cands[0]
    flat = flatten(key, False)
    full = flatten(key, True)
    e = {}
    gt = {x['name']: x['goType'] for x in flat if x['goType'] != 'string'}
    if gt: e['goTypes'] = gt
    aliases = []
    for x in full:
        if x['aliases'] and x['aliases'] not in aliases: aliases.append(x['aliases'])
    if aliases: e['aliases'] = aliases
    po = [x['name'] for x in flat if x['parentOptional']]
    if po: e['optionalByParent'] = po
    known = set(seq)
    extra = []
    for x in full:
        if x['name'] in known: continue
        known.add(x['name'])
        p = {'name': x['name'], 'goType': x['goType'], 'optional': x['optional'] or x['parentOptional'],
             'metadataVariableReadable': 'triggerMetadata' in x['order'], 'envVariableReadable': 'resolvedEnv' in x['order'],
             'triggerAuthenticationVariableReadable': 'authParams' in x['order']}
        if x['default'] is not None: p['default'] = x['default']
        if isinstance(x['enum'], str): p['allowedValue'] = x['enum'].split(';')
        extra.append(p)
    src = open(structs[key]['file']).read()
    reads = {(k, 'M') for k in direct_keys(structs[key]['file'])} | helper_keys(src)
    for k in sorted({k for k, _ in reads} - known):
        extra.append({'name': k, 'goType': 'string', 'optional': True, 'metadataVariableReadable': (k, 'M') in reads, 'envVariableReadable': False, 'triggerAuthenticationVariableReadable': (k, 'A') in reads})
    if extra: e['extraParameters'] = extra
    result[s['type']] = e
if unmatched:
    sys.exit(f'no struct matches the parameters of: {unmatched}')
origin = ("DERIVED from kedacore/keda pkg/scalers/**/*.go at 8b4f083ca8c8c2baf8477e322bd4d16ac4dfa09a (the commit of scalers-schema.json), "
          "Apache-2.0, by scripts/keda-go-facts.py; see src/sources/keda/README.md")
json.dump({'origin': origin, 'scalers': result}, open(out_path, 'w'), indent=1)
