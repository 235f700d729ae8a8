import { readFileSync } from 'node:fs';
import { parseYaml } from './src/parsers/yaml.js';
const src = readFileSync('/tmp/yc/gitlab/OpenMW_openmw__.gitlab-ci.yml', 'utf8');
console.log(parseYaml(src).problems);
