// Platforms (`os/arch[/variant]`) as container tooling spells them, normalised the way
// containerd's `platforms.Normalize` does, so `linux/arm64` and `linux/arm64/v8` or
// `linux/x86_64` and `linux/amd64` name the same thing.

export interface Platform {
  os: string;
  architecture: string;
  variant: string | null;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

/** Parses `os/arch[/variant]`; null when it does not have that shape. */
export function parsePlatform(text: string): Platform | null {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) return null;
  const os = parts[0] as string;
  let architecture = parts[1] as string;
  let variant = parts[2] ?? null;
  architecture = ARCH_ALIASES[architecture] ?? architecture;
  if (text.toLowerCase().includes('armel') && variant === null) variant = 'v6';
  if (architecture === 'arm64' && variant === 'v8') variant = null;
  if (architecture === 'arm' && variant === null) variant = 'v7';
  if (architecture === 'arm' && variant === '7') variant = 'v7';
  return { os, architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/**
 * Whether an offered platform satisfies a wanted one. A wanted platform without a
 * variant accepts any variant of its architecture (`linux/arm` is not `linux/arm/v6`,
 * though: arm without a variant means v7, as containerd reads it).
 */
export function platformMatches(wanted: string, offered: string): boolean {
  const w = parsePlatform(wanted);
  const o = parsePlatform(offered);
  if (!w || !o) return wanted.trim().toLowerCase() === offered.trim().toLowerCase();
  if (w.os !== o.os || w.architecture !== o.architecture) return false;
  const explicitVariant = wanted.split('/').length === 3 || w.architecture === 'arm';
  return !explicitVariant || w.variant === o.variant;
}
