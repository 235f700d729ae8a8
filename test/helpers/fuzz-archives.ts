// Fuzzing the image sources on disk (issue 7, SPEC §6 "tar path traversal and
// decompression bombs"): docker-archive (the legacy layout and Docker 25+'s OCI one),
// oci-archive, plain and gzip-compressed, and OCI layout directories.
//
// Archives start from real layouts written here (`writeTar`, the same ustar writer the
// image tests use), then go through entry mutations (hostile names, links, lying size
// fields, long names, broken JSON, bombs, too many entries), byte mutations and a
// packing (plain, gzip, a broken gzip). Layout directories get symbolic links out of
// the layout, loops, FIFOs, directories and huge files where blobs should be.
//
// Properties (see `archiveProperties`): loading a source ends in image targets or in
// the documented SourceError, nothing else; nothing outside the archive or layout is
// read (files beside it carry a marker that must never show); the caps hold (entries,
// inflated bytes, JSON size); every finding sits inside its file; the secret planted in
// the config is never printed, in any format.
//
// This module imports ./fuzz.js, which imports it back (`fuzzProperties`): nothing
// from ./fuzz.js is used at module top level, only inside functions.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { loadImageSource } from '../../src/image/sources.js';
import { ContentError, DEFAULT_LIMITS, SourceError, type ImageLimits } from '../../src/image/errors.js';
import { openTar, safeEntryName } from '../../src/image/tar.js';
import { lintTargets } from '../../src/engine/lint.js';
import { buildReport } from '../../src/engine/verdict.js';
import type { FileResult } from '../../src/models/finding.js';
import { assertFindingPositions, assertSecretAbsent, everyRulePolicy, formatAndCheck, poolSecret, type FuzzProperty, type PoolSecret } from './fuzz.js';

/** Small caps, so that fuzzed archives reach them. */
export const FUZZ_LIMITS: ImageLimits = { ...DEFAULT_LIMITS, maxJsonBytes: 16 * 1024, maxInflatedBytes: 256 * 1024, maxTarEntries: 64 };

const BLOCK = 512;
const TAG = 'acme/app:1.0.0';
const REF_NAME = '1.0.0';

// ---- a ustar writer ------------------------------------------------------------------------

export interface TarEntrySpec {
  name: string;
  data?: string | Buffer;
  /** Type flag: '0' (regular file) by default. */
  type?: string;
  link?: string;
  /** The size field as written (a lie, garbage, base-256); the data's octal length by default. */
  sizeField?: Buffer;
  badChecksum?: boolean;
  /** How a name longer than the header's 100 bytes travels: a GNU `L` entry, a pax `path`, the ustar prefix. */
  longName?: 'gnu' | 'pax' | 'prefix';
  /** A pax `size` record for this entry (a pax header is written for it). */
  paxSize?: string;
  /** Old GNU magic (`ustar  \0`) instead of POSIX `ustar\0` + `00`. */
  gnuMagic?: boolean;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntrySpec, name: string, prefix: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(entry.type === '5' ? '0000755\0' : '0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  if (entry.sizeField) entry.sizeField.copy(block, 124, 0, 12);
  else block.write(octal(size, 12), 124);
  block.write('00000000000\0', 136);
  block.write(entry.type ?? '0', 156, 1, 'latin1');
  if (entry.link !== undefined) block.write(entry.link, 157, 100, 'utf8');
  if (entry.gnuMagic) block.write('ustar  \0', 257, 'latin1');
  else {
    block.write('ustar\0', 257, 'latin1');
    block.write('00', 263, 'latin1');
  }
  if (prefix) block.write(prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  if (entry.badChecksum) sum += 1;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer[] {
  return [data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK)];
}

/** A long name as ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes), split at a `/`; null when it does not fit. */
function ustarSplit(full: string): { prefix: string; name: string } | null {
  for (let cut = full.lastIndexOf('/'); cut > 0; cut = full.lastIndexOf('/', cut - 1)) {
    const prefix = full.slice(0, cut);
    const name = full.slice(cut + 1);
    if (Buffer.byteLength(name) > 100) return null;
    if (Buffer.byteLength(prefix) <= 155) return name === '' ? null : { prefix, name };
  }
  return null;
}

/** A tar of `entries` (headers written by hand: the reader must cope with what any writer does). */
export function writeTar(entries: readonly TarEntrySpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    let name = entry.name;
    let prefix = '';
    const pax: string[] = [];
    if (Buffer.byteLength(name) > 100 && entry.longName) {
      if (entry.longName === 'gnu') {
        const long = Buffer.from(`${name}\0`);
        blocks.push(header({ name: '././@LongLink', type: 'L' }, '././@LongLink', '', long.length), ...padded(long));
      } else if (entry.longName === 'pax') {
        pax.push(paxRecord('path', name));
      } else {
        const split = ustarSplit(name);
        if (split) ({ prefix, name } = split);
      }
    }
    if (entry.paxSize !== undefined) pax.push(paxRecord('size', entry.paxSize));
    if (pax.length > 0) {
      const body = Buffer.from(pax.join(''));
      blocks.push(header({ name: 'PaxHeader', type: 'x' }, 'PaxHeader', '', body.length), ...padded(body));
    }
    blocks.push(header(entry, name, prefix, data.length), ...padded(data));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

/** Headers `writeTar` writes for `entries` (long names and pax records take one each). */
function headerCount(entries: readonly TarEntrySpec[]): number {
  let count = 0;
  for (const entry of entries) {
    const long = Buffer.byteLength(entry.name) > 100 && entry.longName !== undefined && entry.longName !== 'prefix';
    count += 1 + (long ? 1 : 0) + (entry.paxSize !== undefined && !(long && entry.longName === 'pax') ? 1 : 0);
  }
  return count;
}

// ---- real image layouts ---------------------------------------------------------------------

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
};

/** Marks the secret's place in broken content (`brokenJson`); replaced when the case is written. */
const SECRET = '{{SECRET}}';

/** An image config with the secret planted where `at` says (named secrets only under a secret name). */
export function imageConfig(secret: PoolSecret | null, at: number): Buffer {
  const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
  const labels: Record<string, string> = { 'org.opencontainers.image.source': 'https://github.com/acme/app' };
  const history = [{ created_by: '/bin/sh -c #(nop) ADD file:0123abcd in / ' }, { created_by: 'RUN /bin/sh -c apk add --no-cache curl # buildkit' }];
  const cmd = ['/app'];
  if (secret) {
    const value = secret.secret;
    const place = secret.named ? 0 : at % 5;
    if (place === 0) env.push(`DB_PASSWORD=${value}`);
    else if (place === 1) env.push(`API_TOKEN=${value}`);
    else if (place === 2) labels['com.acme.token'] = value;
    else if (place === 3) history.push({ created_by: `RUN /bin/sh -c echo ${value} > /token # buildkit` });
    else cmd.push('--token', value);
  }
  return json({
    architecture: 'amd64',
    os: 'linux',
    config: { User: 'root', Env: env, Labels: labels, Cmd: cmd },
    rootfs: { type: 'layers', diff_ids: [`sha256:${'0'.repeat(64)}`] },
    history,
  });
}

export type ImageLayout = 'docker-legacy' | 'docker-oci' | 'oci' | 'oci-index';
export const LAYOUTS: readonly ImageLayout[] = ['docker-legacy', 'docker-oci', 'oci', 'oci-index'];

/** A tiny layer: itself a tar. */
const LAYER = writeTar([{ name: 'etc/', type: '5' }, { name: 'etc/hostname', data: 'app\n' }]);

interface Blob {
  digest: string;
  data: Buffer;
}
const blob = (data: Buffer): Blob => ({ digest: `sha256:${sha(data)}`, data });
const descriptor = (mediaType: string, b: Blob, extra: Record<string, unknown> = {}) => ({ mediaType, digest: b.digest, size: b.data.length, ...extra });

function manifestFor(config: Blob, layer: Blob): Blob {
  return blob(json({ schemaVersion: 2, mediaType: MEDIA.manifest, config: descriptor(MEDIA.config, config), layers: [descriptor(MEDIA.layer, layer)] }));
}

/** The files of an OCI layout (the blobs, index.json, oci-layout), by path. */
export function ociFiles(configs: readonly Buffer[], options: { configDigest?: string } = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>([['oci-layout', json({ imageLayoutVersion: '1.0.0' })]]);
  const put = (b: Blob) => files.set(`blobs/sha256/${b.digest.slice(7)}`, b.data);
  const layer = blob(LAYER);
  put(layer);
  const manifests = configs.map((data, i) => {
    const config = blob(data);
    if (options.configDigest === undefined) put(config);
    const manifest = manifestFor(options.configDigest ? { digest: options.configDigest, data } : config, layer);
    put(manifest);
    return descriptor(MEDIA.manifest, manifest, configs.length > 1 ? { platform: { os: 'linux', architecture: i === 0 ? 'amd64' : 'arm64' } } : {});
  });
  const annotations = { 'org.opencontainers.image.ref.name': REF_NAME, 'io.containerd.image.name': `docker.io/${TAG}` };
  if (configs.length > 1) {
    // buildx's shape: platforms plus an attestation manifest, in an index the top index names.
    const attestation = manifestFor(blob(json({ architecture: 'unknown', os: 'unknown' })), layer);
    put(attestation);
    const inner = blob(json({ schemaVersion: 2, mediaType: MEDIA.index, manifests: [...manifests, descriptor(MEDIA.manifest, attestation, { platform: { os: 'unknown', architecture: 'unknown' } })] }));
    put(inner);
    files.set('index.json', json({ schemaVersion: 2, mediaType: MEDIA.index, manifests: [descriptor(MEDIA.index, inner, { annotations })] }));
  } else {
    files.set('index.json', json({ schemaVersion: 2, mediaType: MEDIA.index, manifests: [{ ...manifests[0], annotations }] }));
  }
  return files;
}

/** The entries of a real archive of `layout` around `config`, in the order the tools write them. */
export function archiveEntries(layout: ImageLayout, config: Buffer): TarEntrySpec[] {
  if (layout === 'docker-legacy') {
    const layerId = sha(LAYER);
    const configName = `${sha(config)}.json`;
    return [
      { name: `${layerId}/`, type: '5' },
      { name: `${layerId}/VERSION`, data: '1.0' },
      { name: `${layerId}/json`, data: JSON.stringify({ id: layerId, created: '2024-01-01T00:00:00Z' }) },
      { name: `${layerId}/layer.tar`, data: LAYER },
      { name: configName, data: config },
      { name: 'manifest.json', data: JSON.stringify([{ Config: configName, RepoTags: [TAG], Layers: [`${layerId}/layer.tar`] }]) },
      { name: 'repositories', data: JSON.stringify({ 'acme/app': { '1.0.0': layerId } }) },
    ];
  }
  const files = ociFiles(layout === 'oci-index' ? [config, config] : [config]);
  const entries: TarEntrySpec[] = [{ name: 'blobs/', type: '5' }, { name: 'blobs/sha256/', type: '5' }];
  for (const [name, data] of files) if (name.startsWith('blobs/')) entries.push({ name, data });
  entries.push({ name: 'index.json', data: files.get('index.json') }, { name: 'oci-layout', data: files.get('oci-layout') });
  if (layout === 'docker-oci') {
    const index = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: Array<{ digest: string }> };
    const manifest = JSON.parse((files.get(`blobs/sha256/${index.manifests[0]?.digest.slice(7)}`) as Buffer).toString()) as {
      config: { digest: string };
      layers: Array<{ digest: string }>;
    };
    entries.push({
      name: 'manifest.json',
      data: JSON.stringify([{ Config: `blobs/sha256/${manifest.config.digest.slice(7)}`, RepoTags: [TAG], Layers: manifest.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`) }]),
    });
  }
  return entries;
}

// ---- beside the archive: what must never be read ----------------------------------------------

/** 64 hex characters that may only ever be found outside the archives and layouts. */
const MARKER = randomBytes(32).toString('hex');
const OUTSIDE_CONFIG = json({ architecture: 'amd64', os: 'linux', config: { User: 'root', Env: [`OUTSIDE=${MARKER}`], Labels: { 'outside.marker': MARKER } } });
const OUTSIDE_MANIFEST = manifestFor(blob(OUTSIDE_CONFIG), blob(LAYER));
/** An index naming a manifest whose digest is the marker: followed, the marker shows in a message. */
const OUTSIDE_INDEX = json({ schemaVersion: 2, manifests: [{ mediaType: MEDIA.manifest, digest: `sha256:${MARKER}`, size: 2, annotations: { 'org.opencontainers.image.ref.name': REF_NAME } }] });

interface Workspace {
  root: string;
  outsideConfig: string;
  outsideIndex: string;
  outsideBlobs: string;
  next: number;
}
let workspace: Workspace | null = null;

/** One temp directory per process, with the files beside it; each case gets a fresh sub-directory. */
function space(): Workspace {
  if (workspace) return workspace;
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-fuzz-archives-')));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const outsideBlobs = join(root, 'outside-blobs', 'sha256');
  mkdirSync(outsideBlobs, { recursive: true });
  writeFileSync(join(outsideBlobs, sha(OUTSIDE_CONFIG)), OUTSIDE_CONFIG);
  writeFileSync(join(outsideBlobs, OUTSIDE_MANIFEST.digest.slice(7)), OUTSIDE_MANIFEST.data);
  writeFileSync(join(root, 'outside.json'), OUTSIDE_CONFIG);
  writeFileSync(join(root, 'outside-index.json'), OUTSIDE_INDEX);
  workspace = { root, outsideConfig: join(root, 'outside.json'), outsideIndex: join(root, 'outside-index.json'), outsideBlobs, next: 0 };
  return workspace;
}

async function inCaseDir<T>(work: (dir: string, ws: Workspace) => Promise<T>): Promise<T> {
  const ws = space();
  const dir = join(ws.root, `case-${ws.next++}`);
  mkdirSync(dir);
  try {
    return await work(dir, ws);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- mutations ---------------------------------------------------------------------------------

/** Names that must never be matched or followed (`{{OUTSIDE}}`: the absolute path of the file beside the archive). */
const OUTSIDE = '{{OUTSIDE}}';
const hostileNames = (name: string): string[] => [
  '../outside.json', OUTSIDE, `./${name}`, `a/../${name}`, `../${name}`, `${name}\\..\\x`, `${'d'.repeat(120)}/${name}`,
  '', '.', `${name}/`, `//${name}`, `./../${name}`, 'manifest.json', 'index.json', `blobs/sha256/../../${name}`,
  `${name}\u0000tail`, `./././${name}`, `${'x/'.repeat(60)}${name}`, `é${name}`,
];
const LINK_TARGETS = ['../outside.json', OUTSIDE, 'manifest.json', 'index.json', '.', '', 'a/../../outside.json', '/etc/passwd'];
const TYPES = ['1', '2', '5', '3', '4', '6', 'g', 'x', 'L', 'K', 'S', 'V', '7', '\0', 'Z'];

/** JSON content broken in the ways producers and attackers break it. */
function brokenJson(original: Buffer, how: number, cut: number): Buffer {
  switch (how % 16) {
    case 0:
      return original.subarray(0, cut % (original.length + 1));
    case 1:
      return Buffer.from(`{"config": {"Env": ["API_TOKEN=${SECRET}" x]}}`);
    case 2:
      return Buffer.from(`{"architecture":"amd64","os":"linux","config":{"Env":["DB_PASSWORD=${SECRET}"],}}`);
    case 3:
      return Buffer.from('['.repeat(5000));
    case 4:
      return Buffer.from(`{"a":"${'x'.repeat(FUZZ_LIMITS.maxJsonBytes)}"}`);
    case 5:
      return Buffer.alloc(0);
    case 6:
      return Buffer.from('null');
    case 7:
      return Buffer.from(['[]', '{}', '1e999', '"x"', 'true'][cut % 5] as string);
    case 8:
      return Buffer.concat([original.subarray(0, cut % (original.length + 1)), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), original.subarray(cut % (original.length + 1))]);
    case 9:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]);
    case 10:
      return Buffer.from(`{"config": {"Env": "x", "Labels": [1], "User": {}}, "history": "h", "os": 1, "${SECRET}": 1}`);
    case 11:
      return Buffer.from(`{"schemaVersion": 2, "manifests": [{"mediaType": "${MEDIA.index}", "digest": "sha512:${'ab'.repeat(8)}"}]}`);
    case 12:
      return Buffer.from(`[{"Config": "${SECRET}", "RepoTags": ["${SECRET}"], "Layers": ["../${SECRET}"]}]`);
    case 13:
      // Unquoted: where JSON.parse complains, V8 quotes the input that follows.
      return Buffer.from(`{"config": {"Env": ["PATH=/usr/bin", ${SECRET}]}}`);
    case 14:
      return Buffer.from(`{"architecture": "amd64", "password": ${SECRET}}`);
    default:
      return Buffer.from(original.toString('latin1').replace(/"/g, "'"), 'latin1');
  }
}

type EntryOp =
  | { op: 'rename'; at: number; to: number }
  | { op: 'retype'; at: number; type: number; link: number }
  | { op: 'size'; at: number; how: number; by: number }
  | { op: 'checksum'; at: number }
  | { op: 'longName'; at: number; how: 'gnu' | 'pax' | 'prefix'; depth: number }
  | { op: 'paxSize'; at: number; value: string }
  | { op: 'duplicate'; at: number }
  | { op: 'drop'; at: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'json'; at: number; how: number; cut: number }
  | { op: 'many'; count: number }
  | { op: 'bomb'; at: number; size: number }
  | { op: 'configLink'; how: number }
  | { op: 'gnuMagic'; at: number };

const index = fc.nat({ max: 1000 });
const entryOp: fc.Arbitrary<EntryOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('rename' as const), at: index, to: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('retype' as const), at: index, type: index, link: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('size' as const), at: index, how: index, by: fc.integer({ min: 1, max: 4096 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('checksum' as const), at: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('longName' as const), at: index, how: fc.constantFrom('gnu' as const, 'pax' as const, 'prefix' as const), depth: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('paxSize' as const), at: index, value: fc.constantFrom('0', '12', '-1', '99999999999999999999', 'abc', '', '1e3', '0x10', '4096') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), at: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), at: index, other: index }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('json' as const), at: index, how: index, cut: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('many' as const), count: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bomb' as const), at: index, size: fc.integer({ min: 1, max: 2 * FUZZ_LIMITS.maxInflatedBytes }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('configLink' as const), how: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('gnuMagic' as const), at: index }) },
);

/** Size fields a reader must survive: lies, base-256, garbage. */
function sizeField(how: number, actual: number, by: number): Buffer {
  const field = Buffer.alloc(12);
  switch (how % 11) {
    case 0:
      field.write(octal(actual + by, 12), 'latin1');
      break;
    case 1:
      field.write(octal(Math.max(0, actual - by), 12), 'latin1');
      break;
    case 2:
      field.write('77777777777\0', 'latin1');
      break;
    case 3:
      field.fill(0xff, 1);
      field[0] = 0x80;
      break;
    case 4:
      field[0] = 0x80;
      field.writeUIntBE(actual, 6, 6);
      break;
    case 5:
      field.write('zzzzzzzzzzz\0', 'latin1');
      break;
    case 6:
      break;
    case 7:
      field.fill(0x20);
      break;
    case 8:
      field.fill(0xff);
      break;
    case 9:
      field.write(` ${actual.toString(8).padStart(9, '0')} `, 'latin1');
      break;
    default:
      field.write('99999999999\0', 'latin1');
  }
  return field;
}

/** Applies entry mutations; positions are taken modulo the current length. */
function mutateEntries(entries: readonly TarEntrySpec[], ops: readonly EntryOp[]): TarEntrySpec[] {
  const out = entries.map((e) => ({ ...e }));
  const at = (i: number) => i % Math.max(1, out.length);
  for (const op of ops) {
    if (op.op === 'many') {
      for (let i = 0; i < op.count; i++) out.push({ name: `extra/${i}`, data: String(i) });
      continue;
    }
    if (op.op === 'bomb') {
      out.splice(op.at % (out.length + 1), 0, { name: 'bomb/layer.tar', data: Buffer.alloc(op.size) });
      continue;
    }
    if (op.op === 'configLink') {
      // The config (or manifest.json's Config) becomes a link out of the archive.
      const target = LINK_TARGETS[op.how % 2] as string;
      const i = out.findIndex((e) => e.name === 'manifest.json');
      const link = { name: 'link.json', type: op.how % 4 < 2 ? '2' : '1', link: target };
      out.unshift(link);
      if (i >= 0) out.push({ name: 'manifest.json', data: JSON.stringify([{ Config: ['link.json', '../outside.json', OUTSIDE][op.how % 3], RepoTags: [TAG], Layers: [] }]) });
      continue;
    }
    if (out.length === 0) continue;
    const i = at(op.at);
    const entry = out[i] as TarEntrySpec;
    switch (op.op) {
      case 'rename': {
        const names = hostileNames(entry.name);
        entry.name = names[op.to % names.length] as string;
        break;
      }
      case 'retype':
        entry.type = TYPES[op.type % TYPES.length] as string;
        entry.link = LINK_TARGETS[op.link % LINK_TARGETS.length] as string;
        break;
      case 'size':
        entry.sizeField = sizeField(op.how, Buffer.from(entry.data ?? '').length, op.by);
        break;
      case 'checksum':
        entry.badChecksum = true;
        break;
      case 'longName':
        entry.name = `${'long-directory-name/'.repeat(op.depth)}${entry.name}`;
        entry.longName = op.how;
        break;
      case 'paxSize':
        entry.paxSize = op.value;
        break;
      case 'duplicate':
        out.splice(i, 0, { ...entry });
        break;
      case 'drop':
        out.splice(i, 1);
        break;
      case 'swap': {
        const j = at(op.other);
        [out[i], out[j]] = [out[j] as TarEntrySpec, entry];
        break;
      }
      case 'json':
        entry.data = brokenJson(Buffer.from(entry.data ?? ''), op.how, op.cut);
        break;
      case 'gnuMagic':
        entry.gnuMagic = true;
        break;
    }
  }
  return out;
}

type ByteOp =
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'zeroBlock'; at: number }
  | { op: 'dupBlock'; at: number };

const offset = fc.nat({ max: 4_000_000 });
const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: offset, value: fc.nat({ max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: offset }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: offset, bytes: fc.uint8Array({ minLength: 1, maxLength: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: offset, length: fc.integer({ min: 1, max: 1024 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('zeroBlock' as const), at: offset }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dupBlock' as const), at: offset }) },
);

function mutateBytes(input: Buffer, ops: readonly ByteOp[]): Buffer {
  let bytes = input;
  for (const op of ops) {
    const at = op.at % (bytes.length + 1);
    const block = Math.floor(at / BLOCK) * BLOCK;
    switch (op.op) {
      case 'set':
        if (bytes.length > 0) {
          bytes = Buffer.from(bytes);
          bytes[at % bytes.length] = op.value;
        }
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), op.bytes, bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + op.length)]);
        break;
      case 'zeroBlock':
        bytes = Buffer.concat([bytes.subarray(0, block), Buffer.alloc(Math.min(BLOCK, bytes.length - block)), bytes.subarray(block + BLOCK)]);
        break;
      case 'dupBlock':
        bytes = Buffer.concat([bytes.subarray(0, block + BLOCK), bytes.subarray(block, block + BLOCK), bytes.subarray(block + BLOCK)]);
        break;
    }
  }
  return bytes;
}

type Packing = { gzip: false } | { gzip: true; members: 1 | 2; after: ByteOp[] };
const packing: fc.Arbitrary<Packing> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ gzip: false as const }) },
  { weight: 3, arbitrary: fc.record({ gzip: fc.constant(true as const), members: fc.constantFrom(1 as const, 2 as const), after: fc.constant([] as ByteOp[]) }) },
  { weight: 1, arbitrary: fc.record({ gzip: fc.constant(true as const), members: fc.constant(1 as const), after: fc.array(byteOp, { minLength: 1, maxLength: 3 }) }) },
);

function pack(tar: Buffer, how: Packing): Buffer {
  if (!how.gzip) return tar;
  const half = Math.floor(tar.length / 2 / BLOCK) * BLOCK;
  // Two gzip members (as `cat a.gz b.gz` makes) inflate to one stream.
  const gz = how.members === 2 ? Buffer.concat([gzipSync(tar.subarray(0, half)), gzipSync(tar.subarray(half))]) : gzipSync(tar);
  return mutateBytes(gz, how.after);
}

// ---- cases ---------------------------------------------------------------------------------------

export interface ArchiveCase {
  layout: ImageLayout | 'arbitrary';
  configAt: number;
  ops: EntryOp[];
  /** Arbitrary entries (layout `arbitrary`): not from an image. */
  arbitrary: TarEntrySpec[];
  bytes: ByteOp[];
  packing: Packing;
  /** How the source is spelled: the path, a transport, a `:REF`. */
  spelling: number;
  platform: boolean;
  secret: PoolSecret;
}

const arbitraryEntry: fc.Arbitrary<TarEntrySpec> = fc.record({
  name: fc.oneof(fc.constantFrom(...hostileNames('manifest.json'), 'manifest.json', 'index.json', 'oci-layout', `blobs/sha256/${'a'.repeat(64)}`), fc.string({ maxLength: 120 })),
  data: fc.oneof(fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b)), fc.constantFrom('[]', '{}', '[{"Config":"c.json"}]', '{"manifests":[]}')),
  type: fc.constantFrom('0', '0', '0', ...TYPES),
  link: fc.constantFrom(...LINK_TARGETS),
});

/** Cases without their secret (`withSecret` adds one). */
const archiveCase: fc.Arbitrary<Omit<ArchiveCase, 'secret'>> = fc.record({
  layout: fc.constantFrom<ImageLayout | 'arbitrary'>(...LAYOUTS, ...LAYOUTS, 'arbitrary'),
  configAt: fc.nat({ max: 100 }),
  ops: fc.array(entryOp, { maxLength: 6 }),
  arbitrary: fc.array(arbitraryEntry, { maxLength: 10 }),
  bytes: fc.oneof({ weight: 3, arbitrary: fc.constant([] as ByteOp[]) }, { weight: 1, arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 4 }) }),
  packing,
  spelling: fc.nat({ max: 5 }),
  platform: fc.boolean(),
});

/** The case's tar (before packing), with the secret and the outside path filled in. */
function caseTar(c: ArchiveCase, outside: string): { tar: Buffer; entries: TarEntrySpec[] } {
  const base = c.layout === 'arbitrary' ? c.arbitrary : archiveEntries(c.layout, imageConfig(c.secret, c.configAt));
  const entries = mutateEntries(base, c.ops).map((e) => fill(e, c.secret.secret, outside));
  return { tar: mutateBytes(writeTar(entries), c.bytes), entries };
}

function fill(entry: TarEntrySpec, secret: string, outside: string): TarEntrySpec {
  const swap = (text: string) => text.split(SECRET).join(secret).split(OUTSIDE).join(outside);
  const data = entry.data === undefined ? undefined : Buffer.isBuffer(entry.data) ? (entry.data.includes(SECRET) || entry.data.includes(OUTSIDE) ? Buffer.from(swap(entry.data.toString('latin1')), 'latin1') : entry.data) : swap(entry.data);
  return { ...entry, name: swap(entry.name), ...(data !== undefined ? { data } : {}), ...(entry.link !== undefined ? { link: swap(entry.link) } : {}) };
}

const SPELLINGS = [
  (file: string) => file,
  (file: string) => `docker-archive:${file}`,
  (file: string) => `oci-archive:${file}`,
  (file: string) => `${file}:${REF_NAME}`,
  (file: string) => `oci-archive:${file}:${REF_NAME}`,
  (file: string) => `docker-archive:${file}:nope`,
];

// ---- checks -------------------------------------------------------------------------------------

type Loaded = { ok: true; targets: Array<{ path: string; text: string }> } | { ok: false; error: SourceError };

/** Loads a source; a SourceError is an outcome, anything else thrown fails the property. */
async function load(source: string, cwd: string, platform: boolean): Promise<Loaded> {
  try {
    const targets = await loadImageSource(source, { cwd, env: {}, limits: FUZZ_LIMITS, ...(platform ? { platform: 'linux/arm64' } : {}) });
    return { ok: true, targets };
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, error };
    throw new Error(`${source}: loading threw ${(error as Error).constructor?.name}: ${(error as Error).stack ?? String(error)}`);
  }
}

/** Exit-2 reasons a readable source may give: what was asked for (a REF, a platform) is not there. */
const SOURCE_REASONS = /no image (?:tagged|named|for platform)|holds several images|no such (?:file|directory)/;

/** Lints what was loaded and checks everything a user could see. */
function checkLoaded(loaded: Loaded, secret: PoolSecret, asked: { ref: boolean; platform: boolean }): FileResult[] {
  if (!loaded.ok) {
    const { message } = loaded.error;
    if (!SOURCE_REASONS.test(message)) throw new Error(`unexpected exit-2 source error: ${message}`);
    if (!asked.ref && !asked.platform && !/several images/.test(message)) throw new Error(`exit 2 for a readable source given without REF or platform: ${message}`);
    if (message.includes(MARKER)) throw new Error('the source error shows what lies outside the archive');
    assertSecretAbsent(secret.secret, { 'source error': message }, secret.randomFrom);
    return [];
  }
  for (const target of loaded.targets) {
    if (target.text.includes(MARKER)) throw new Error(`${target.path}: read something from outside the archive or layout`);
  }
  const results = lintTargets(
    loaded.targets.map((t) => ({ path: t.path, kind: 'image' as const, text: t.text })),
    { cwd: '/nonexistent/pushgate-fuzz', policy: everyRulePolicy(), today: '2025-01-01', files: { read: () => null } },
  );
  assertFindingPositions(results, new Map(loaded.targets.map((t) => [t.path, t.text])));
  const texts: Record<string, string> = {};
  for (const finding of results.flatMap((r) => r.findings)) {
    texts[`message of ${finding.ruleId} (${finding.messageId})`] = finding.message;
    if (finding.fix) texts[`fix of ${finding.ruleId}`] = finding.fix.text;
    // A message is short: even 6 characters of the secret past what a mask shows are a leak.
    assertSecretAbsent(secret.secret, { [`message of ${finding.ruleId}`]: finding.message }, secret.randomFrom, 6);
  }
  const outputs = formatAndCheck(buildReport(results, { failOn: 'error', fileCount: loaded.targets.length }));
  for (const [name, text] of Object.entries(outputs)) if (text.includes(MARKER)) throw new Error(`${name} output shows what lies outside the archive`);
  assertSecretAbsent(secret.secret, { ...texts, ...outputs }, secret.randomFrom);
  return results;
}

const problems = (results: readonly FileResult[]) => results.flatMap((r) => r.findings.filter((f) => f.ruleId === 'parse-error').map((f) => `${r.path}: ${f.message}`));

// ---- layout directories ----------------------------------------------------------------------------

type LayoutOp =
  | { op: 'linkOut'; what: 'config' | 'index' | 'blobs'; absolute: boolean }
  | { op: 'loop'; at: number }
  | { op: 'dangling'; at: number }
  | { op: 'inner'; at: number; other: number }
  | { op: 'directory'; at: number }
  | { op: 'fifo'; at: number }
  | { op: 'big'; at: number; extra: number }
  | { op: 'drop'; at: number }
  | { op: 'json'; at: number; how: number; cut: number };

const layoutOp: fc.Arbitrary<LayoutOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('linkOut' as const), what: fc.constantFrom('config' as const, 'index' as const, 'blobs' as const), absolute: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loop' as const), at: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dangling' as const), at: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('inner' as const), at: index, other: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('directory' as const), at: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fifo' as const), at: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('big' as const), at: index, extra: fc.integer({ min: 1, max: 1 << 20 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), at: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('json' as const), at: index, how: index, cut: index }) },
);

export interface LayoutCase {
  multi: boolean;
  configAt: number;
  ops: LayoutOp[];
  spelling: number;
  platform: boolean;
  secret: PoolSecret;
}

type LayoutFile = { data: Buffer } | { link: string } | { directory: true } | { fifo: true } | { size: number };

/** Writes the layout of `c` under `dir/layout`; returns the layout's path. */
function writeLayout(c: LayoutCase, dir: string, ws: Workspace): string {
  const layout = join(dir, 'layout');
  const config = imageConfig(c.secret, c.configAt);
  const linkConfig = c.ops.find((o): o is Extract<LayoutOp, { op: 'linkOut' }> => o.op === 'linkOut' && o.what === 'config');
  const base = ociFiles(c.multi ? [config, config] : [config], linkConfig ? { configDigest: `sha256:${sha(OUTSIDE_CONFIG)}` } : {});
  const files = new Map<string, LayoutFile>([...base].map(([name, data]) => [name, { data }]));
  const to = (from: string, target: string, absolute: boolean) => (absolute ? target : relative(dirname(join(layout, from)), target));
  if (linkConfig) files.set(`blobs/sha256/${sha(OUTSIDE_CONFIG)}`, { link: to(`blobs/sha256/${sha(OUTSIDE_CONFIG)}`, ws.outsideConfig, linkConfig.absolute) });
  const names = () => [...files.keys()];
  for (const op of c.ops) {
    const list = names();
    const pick = (i: number) => list[i % list.length] as string;
    switch (op.op) {
      case 'linkOut':
        if (op.what === 'index') files.set('index.json', { link: to('index.json', ws.outsideIndex, op.absolute) });
        if (op.what === 'blobs') {
          for (const name of list) if (name.startsWith('blobs/')) files.delete(name);
          files.set('blobs/sha256', { link: to('blobs/sha256', ws.outsideBlobs, op.absolute) });
          files.set('index.json', { data: json({ schemaVersion: 2, manifests: [{ ...descriptor(MEDIA.manifest, OUTSIDE_MANIFEST), annotations: { 'org.opencontainers.image.ref.name': REF_NAME } }] }) });
        }
        break;
      case 'loop':
        files.set(pick(op.at), { link: pick(op.at).split('/').pop() as string });
        break;
      case 'dangling':
        files.set(pick(op.at), { link: 'nowhere' });
        break;
      case 'inner': {
        const from = pick(op.at);
        const target = pick(op.other);
        if (from !== target && !target.startsWith(`${from}/`)) files.set(from, { link: to(from, join(layout, target), false) });
        break;
      }
      case 'directory':
        files.set(pick(op.at), { directory: true });
        break;
      case 'fifo':
        files.set(pick(op.at), { fifo: true });
        break;
      case 'big':
        files.set(pick(op.at), { size: FUZZ_LIMITS.maxJsonBytes + op.extra });
        break;
      case 'drop':
        files.delete(pick(op.at));
        break;
      case 'json': {
        const name = pick(op.at);
        const file = files.get(name);
        if (file && 'data' in file) files.set(name, { data: Buffer.from(brokenJson(file.data, op.how, op.cut).toString('latin1').split(SECRET).join(c.secret.secret), 'latin1') });
        break;
      }
    }
  }
  mkdirSync(layout);
  for (const [name, file] of files) {
    const path = join(layout, name);
    mkdirSync(dirname(path), { recursive: true });
    if ('data' in file) writeFileSync(path, file.data);
    else if ('link' in file) symlinkSync(file.link, path);
    else if ('directory' in file) mkdirSync(path, { recursive: true });
    else if ('size' in file) {
      writeFileSync(path, '');
      truncateSync(path, file.size);
    } else if (spawnSync('mkfifo', [path]).status !== 0) writeFileSync(path, '');
  }
  return layout;
}

const LAYOUT_SPELLINGS = [
  (dir: string) => dir,
  (dir: string) => `oci:${dir}`,
  (dir: string) => `${dir}:${REF_NAME}`,
  (dir: string) => `oci:${dir}:${REF_NAME}`,
  (dir: string) => `oci:${dir}:nope`,
];

const layoutCase: fc.Arbitrary<Omit<LayoutCase, 'secret'>> = fc.record({
  multi: fc.boolean(),
  configAt: fc.nat({ max: 100 }),
  ops: fc.array(layoutOp, { maxLength: 4 }),
  spelling: fc.nat({ max: LAYOUT_SPELLINGS.length - 1 }),
  platform: fc.boolean(),
});

// ---- properties ------------------------------------------------------------------------------------

/** Cases with a secret from the pool of ./fuzz.js (drawn lazily: see the header about the import cycle). */
function withSecret<T extends object>(cases: fc.Arbitrary<T>): fc.Arbitrary<T & { secret: PoolSecret }> {
  return fc.tuple(cases, poolSecret()).map(([c, secret]) => ({ ...c, secret }));
}

export function archiveProperties(): FuzzProperty[] {
  return [
    {
      name: 'image archives (docker-archive, oci-archive, gzip), mutated: a target or the documented exit 2; nothing read outside; secret never printed',
      weight: 3,
      property: () =>
        fc.asyncProperty(withSecret(archiveCase), (c) =>
          inCaseDir(async (dir, ws) => {
            const { tar } = caseTar(c, ws.outsideConfig);
            writeFileSync(join(dir, 'a.tar'), pack(tar, c.packing));
            const spelling = c.spelling % SPELLINGS.length;
            const loaded = await load((SPELLINGS[spelling] as (f: string) => string)('a.tar'), dir, c.platform);
            const results = checkLoaded(loaded, c.secret, { ref: spelling >= 3, platform: c.platform });
            // The real archives themselves must be read: otherwise the rest proves little.
            const pristine = c.layout !== 'arbitrary' && c.ops.length === 0 && c.bytes.length === 0 && (!c.packing.gzip || c.packing.after.length === 0);
            if (pristine && spelling < 3 && !c.platform) {
              if (!loaded.ok) throw new Error(`a real ${c.layout} archive: ${loaded.error.message}`);
              if (problems(results).length > 0) throw new Error(`a real ${c.layout} archive: ${problems(results).join('; ')}`);
            }
          }),
        ),
    },
    {
      name: 'tar reader: only ContentError, safe names, caps on entries, inflated bytes and reads; intact archives read exactly',
      weight: 2,
      property: () =>
        fc.asyncProperty(withSecret(archiveCase), (c) =>
          inCaseDir(async (dir, ws) => {
            const { tar, entries } = caseTar(c, ws.outsideConfig);
            const path = join(dir, 'a.tar');
            writeFileSync(path, pack(tar, c.packing));
            await checkTarReader(path, c, entries, tar);
          }),
        ),
    },
    {
      name: 'caps: a gzip bomb or too many entries is a ContentError at the cap; under the caps the archive is read',
      weight: 1,
      property: () =>
        fc.asyncProperty(
          fc.record({
            layout: fc.constantFrom(...LAYOUTS),
            bomb: fc.nat({ max: 2 * FUZZ_LIMITS.maxInflatedBytes }),
            at: index,
            extra: fc.nat({ max: 2 * FUZZ_LIMITS.maxTarEntries }),
            gzip: fc.boolean(),
          }),
          ({ layout, bomb, at, extra, gzip }) =>
            inCaseDir(async (dir) => {
              const ops: EntryOp[] = [{ op: 'bomb', at, size: bomb }, { op: 'many', count: extra }];
              const entries = mutateEntries(archiveEntries(layout, imageConfig(null, 0)), ops);
              const tar = writeTar(entries);
              const path = join(dir, 'a.tar');
              writeFileSync(path, gzip ? gzipSync(tar) : tar);
              const headers = headerCount(entries);
              const limits = FUZZ_LIMITS;
              // The scan inflates up to the end-of-archive block; the last 1 KiB are the end blocks.
              const needed = tar.length - 2 * BLOCK + BLOCK;
              const overEntries = headers > limits.maxTarEntries;
              const overInflate = gzip && needed > limits.maxInflatedBytes;
              const underInflate = !gzip || tar.length <= limits.maxInflatedBytes;
              let error: unknown = null;
              try {
                const opened = await openTar(path, limits);
                await opened.close();
              } catch (e) {
                error = e;
              }
              const message = error instanceof Error ? error.message : '';
              if (error !== null && !(error instanceof ContentError)) throw error;
              const entriesCap = `more than ${limits.maxTarEntries} entries`;
              const inflateCap = `inflates past the ${limits.maxInflatedBytes}-byte limit`;
              if (overEntries && !overInflate && !message.includes(entriesCap)) throw new Error(`${headers} headers over the cap: ${message || 'read'}`);
              if (overInflate && !overEntries && !message.includes(inflateCap)) throw new Error(`${needed} bytes to inflate: ${message || 'read'}`);
              if (overEntries && overInflate && !message.includes(entriesCap) && !message.includes(inflateCap)) throw new Error(`over both caps: ${message || 'read'}`);
              if (!overEntries && underInflate && error !== null) throw new Error(`under the caps (${headers} headers, ${tar.length} bytes): ${message}`);
            }),
        ),
    },
    {
      name: 'OCI layout directories with links out, loops, FIFOs, directories, huge and broken blobs: nothing read outside; secret never printed',
      weight: 2,
      property: () =>
        fc.asyncProperty(withSecret(layoutCase), (c) =>
          inCaseDir(async (dir, ws) => {
            writeLayout(c, dir, ws);
            const spelling = c.spelling % LAYOUT_SPELLINGS.length;
            const loaded = await load((LAYOUT_SPELLINGS[spelling] as (d: string) => string)('layout'), dir, c.platform);
            const results = checkLoaded(loaded, c.secret, { ref: spelling >= 2, platform: c.platform });
            if (c.ops.length === 0 && spelling < 2 && !c.platform) {
              if (!loaded.ok) throw new Error(`a real layout: ${loaded.error.message}`);
              if (problems(results).length > 0) throw new Error(`a real layout: ${problems(results).join('; ')}`);
            }
          }),
        ),
    },
  ];
}

/** Regular files an `intact` archive holds, as an extracting tar would leave them (later entries win). */
function expectedFiles(entries: readonly TarEntrySpec[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.type !== undefined && entry.type !== '0' && entry.type !== '\0' && entry.type !== '7') continue;
    const safe = safeEntryName(entry.name);
    if (safe !== null) files.set(safe, Buffer.from(entry.data ?? ''));
  }
  return files;
}

/** Whether the writer produced exactly what `entries` say: no lies in headers, no byte edits. */
function intact(c: ArchiveCase, entries: readonly TarEntrySpec[]): boolean {
  if (c.bytes.length > 0 || (c.packing.gzip && c.packing.after.length > 0)) return false;
  if (headerCount(entries) > FUZZ_LIMITS.maxTarEntries) return false;
  return entries.every((e) => {
    const long = Buffer.byteLength(e.name) > 100;
    return (
      !e.sizeField && !e.badChecksum && e.paxSize === undefined && e.type !== 'x' && e.type !== 'L' && !e.name.includes('\0') &&
      (!long || e.longName === 'gnu' || e.longName === 'pax' || (e.longName === 'prefix' && ustarSplit(e.name) !== null))
    );
  });
}

async function checkTarReader(path: string, c: ArchiveCase, entries: readonly TarEntrySpec[], tar: Buffer): Promise<void> {
  let opened;
  try {
    opened = await openTar(path, FUZZ_LIMITS);
  } catch (error) {
    if (error instanceof ContentError) {
      if (intact(c, entries) && (!c.packing.gzip || tar.length <= FUZZ_LIMITS.maxInflatedBytes)) throw new Error(`an intact archive was refused: ${error.message}`);
      return;
    }
    throw error;
  }
  try {
    if (opened.entries.size > FUZZ_LIMITS.maxTarEntries) throw new Error(`${opened.entries.size} entries listed, over the cap`);
    for (const [name, entry] of opened.entries) {
      if (safeEntryName(name) !== name || name.split('/').includes('..') || name.startsWith('/')) throw new Error(`unsafe entry name listed: ${JSON.stringify(name)}`);
      if (entry.name !== name || !Number.isSafeInteger(entry.size) || entry.size < 0) throw new Error(`bad entry ${JSON.stringify(entry)}`);
      let data: Buffer | null;
      try {
        data = await opened.read(name, FUZZ_LIMITS.maxJsonBytes);
      } catch (error) {
        if (error instanceof ContentError) continue;
        throw error;
      }
      if (data === null) throw new Error(`listed entry ${name} reads as missing`);
      if (data.length !== entry.size || data.length > FUZZ_LIMITS.maxJsonBytes) throw new Error(`entry ${name}: read ${data.length} bytes, listed ${entry.size}, cap ${FUZZ_LIMITS.maxJsonBytes}`);
    }
    if (await opened.read('../outside.json', 1 << 20)) throw new Error('a name with .. reads');
    if (intact(c, entries)) {
      const expected = expectedFiles(entries);
      const listed = [...opened.entries.keys()].sort();
      if (JSON.stringify(listed) !== JSON.stringify([...expected.keys()].sort())) throw new Error(`listed ${JSON.stringify(listed)}, expected ${JSON.stringify([...expected.keys()].sort())}`);
      for (const [name, data] of expected) {
        let read: Buffer | null = null;
        try {
          read = await opened.read(name, FUZZ_LIMITS.maxJsonBytes);
        } catch (error) {
          if (error instanceof ContentError && (data.length > FUZZ_LIMITS.maxJsonBytes || c.packing.gzip)) continue;
          throw error;
        }
        if (!read || !read.equals(data)) throw new Error(`entry ${name} reads other bytes than were written`);
      }
    }
  } finally {
    await opened.close();
  }
}
