// The result every secret detector returns. Offsets are into the text that was scanned;
// `value` is that slice. Callers never print `value`: they go through `maskSecret`.

export interface SecretMatch {
  /** Human name: 'GitHub personal access token', 'AWS secret access key', 'private key (RSA)', 'password', … */
  kind: string;
  /** Stable id of the detector: 'github-pat', 'aws-secret-key', 'pem-private-key', 'secret-assignment', … */
  detector: string;
  /** Offset of the secret's first character (not of the name it is assigned to). */
  start: number;
  /** Offset just past the secret's last character. */
  end: number;
  /** The secret itself: `text.slice(start, end)`. */
  value: string;
}
