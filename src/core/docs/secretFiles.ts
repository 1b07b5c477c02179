/**
 * Files that hold secrets by convention. The scanner lists them as skipped (`secret`) and
 * never reads their bytes, so nothing in them can reach a prompt, a log or a page.
 */
import picomatch from 'picomatch';

/** Base-name globs of secret-bearing files (matched case-insensitively). */
export const SECRET_FILE_GLOBS: readonly string[] = [
  '.env',
  '.env.*',
  '*.env',
  '.envrc',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.kdbx',
  '*.ppk',
  '*.asc',
  '*.gpg',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  'credentials',
  'credentials.*',
  'credentials-*',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.htpasswd',
  '.git-credentials',
  '.dockercfg',
  'secrets.json',
  'secrets.yml',
  'secrets.yaml',
  'service-account*.json',
  'terraform.tfstate',
  'terraform.tfstate.*',
  '*.tfvars',
];

/** Decides from a path alone (no I/O) whether a file must never be read. */
export type SecretFileTest = (relativePath: string) => boolean;

/**
 * Builds the test once per scan: the built-in base-name list plus the user's `neverSend` globs,
 * which use full workspace-relative path semantics like every other Docsmith glob.
 */
export function createSecretFileTest(neverSend: readonly string[] = []): SecretFileTest {
  // One regular expression for the whole list: one test per file instead of one per glob.
  const combined = new RegExp(SECRET_FILE_GLOBS.map((glob) => picomatch.makeRe(glob, { dot: true }).source).join('|'), 'i');
  const byName = (name: string): boolean => combined.test(name);
  const byPath = neverSend.length > 0 ? picomatch([...neverSend], { dot: true }) : undefined;
  return (relativePath: string): boolean => {
    const slash = relativePath.lastIndexOf('/');
    const name = slash === -1 ? relativePath : relativePath.slice(slash + 1);
    return byName(name) || (byPath !== undefined && byPath(relativePath));
  };
}
