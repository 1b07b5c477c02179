/**
 * A corpus of source lines for the secret masking: lines that carry a secret (with the secret
 * itself, which must not survive masking) and realistic lines that carry none (which must come
 * out unchanged). Every secret here is made up.
 */

export interface SecretLine {
  /** Workspace-relative file the line is in: decides whether unquoted config values count. */
  file: string;
  line: string;
  /** The part that must not survive. */
  secret: string;
}

export const SECRET_LINES: readonly SecretLine[] = [
  { file: 'deploy.sh', line: 'AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { file: 'config/aws.ini', line: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { file: 'src/auth.js', line: 'const fallback = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";', secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c' },
  { file: 'config/database.yml', line: '  url: postgres://app:s3cr3tPass@db.internal:5432/app', secret: 's3cr3tPass' },
  { file: 'src/db.ts', line: 'const uri = "mongodb+srv://root:Tr0ub4dor%263@cluster0.example.net/test";', secret: 'Tr0ub4dor%263' },
  { file: 'src/cache.py', line: 'REDIS_URL = "redis://:redispass9@localhost:6379/0"', secret: 'redispass9' },
  { file: 'src/api.ts', line: '  headers: { Authorization: "Bearer abc123def456ghi789" },', secret: 'abc123def456ghi789' },
  { file: 'src/client.py', line: "    headers = {'Authorization': 'Basic dXNlcjpwYXNzd29yZA=='}", secret: 'dXNlcjpwYXNzd29yZA==' },
  { file: 'scripts/curl.md', line: 'curl -H "Authorization: Bearer tok_8Fh2kLq9" https://api.example.com', secret: 'tok_8Fh2kLq9' },
  { file: 'src/notify.py', line: 'SLACK_WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"', secret: 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
  { file: 'config/alerts.yaml', line: 'webhook_url: https://discord.com/api/webhooks/123456789012345678/abcDEF_ghi-JKLmno', secret: 'abcDEF_ghi-JKLmno' },
  { file: 'config/app.yml', line: '  password: hunter2', secret: 'hunter2' },
  { file: 'src/main/resources/application.properties', line: 'spring.datasource.password=Sup3rS3cret!', secret: 'Sup3rS3cret!' },
  { file: 'docker-compose.yml', line: '      - POSTGRES_PASSWORD=example_pw', secret: 'example_pw' },
  { file: 'docker-compose.yml', line: '      MYSQL_ROOT_PASSWORD: rootpw123', secret: 'rootpw123' },
  { file: 'compose.yaml', line: '      REDIS_PASSWORD: "r3d1s"', secret: 'r3d1s' },
  { file: 'settings.ini', line: 'password = qwerty12', secret: 'qwerty12' },
  { file: 'settings.cfg', line: 'db_pass=letmein', secret: 'letmein' },
  { file: 'src/settings.py', line: 'db_password = "pw12"', secret: 'pw12' },
  { file: 'src/login.js', line: "const password = 'Zq9';", secret: 'Zq9' },
  { file: 'cmd/main.go', line: '\tapiKey := "k3y-9f8e7d"', secret: 'k3y-9f8e7d' },
  { file: 'Cargo.toml', line: 'token = "tok_live_abcdef"', secret: 'tok_live_abcdef' },
  { file: 'Dockerfile', line: 'ENV API_TOKEN=9c1e2f3a4b5c', secret: '9c1e2f3a4b5c' },
  { file: 'scripts/release.sh', line: 'export GITHUB_TOKEN=gho_16C7e42F292c6912E7710c838347Ae178B4a', secret: 'gho_16C7e42F292c6912E7710c838347Ae178B4a' },
  { file: 'scripts/ci.sh', line: 'export DEPLOY_KEY=d3pl0y', secret: 'd3pl0y' },
  { file: 'README.md', line: 'echo "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789" > .npmrc', secret: 'npm_abcdefghijklmnopqrstuvwxyz0123456789' },
  { file: 'config/google.json', line: '  "client_secret": "GOCSPX-abcdefghijklmnop",', secret: 'GOCSPX-abcdefghijklmnop' },
  { file: 'config/app.json', line: '  "secret": "s3cr3t",', secret: 's3cr3t' },
  { file: 'mysite/settings.py', line: "SECRET_KEY = 'django-insecure-abc123'", secret: 'django-insecure-abc123' },
  { file: 'billing/stripe.rb', line: 'Stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"', secret: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' },
  { file: 'config/sa.json', line: '  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n",', secret: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' },
  { file: 'src/Config.java', line: '    private static final String DB_PASSWORD = "changeit";', secret: 'changeit' },
  { file: 'src/Config.cs', line: '    public const string ClientSecret = "cs-7f3e2d1c";', secret: 'cs-7f3e2d1c' },
  { file: 'src/config.php', line: "    'password' => 'mysqlpw',", secret: 'mysqlpw' },
  { file: 'terraform.tfvars', line: 'db_password = "tfS3cret"', secret: 'tfS3cret' },
  { file: '.github/workflows/ci.yml', line: '          API_KEY: abcd1234efgh', secret: 'abcd1234efgh' },
];

export interface InnocentLine {
  file: string;
  line: string;
}

const code = (file: string, ...lines: string[]): InnocentLine[] => lines.map((line) => ({ file, line }));

export const INNOCENT_LINES: readonly InnocentLine[] = [
  ...code(
    'src/auth.ts',
    'const token = tokenizer.next();',
    '  password: string;',
    '  password?: string | undefined;',
    'export function login(user: string, password: string): Promise<Session> {',
    "  if (!password) throw new Error('password required');",
    'const PASSWORD_MIN_LENGTH = 8;',
    '  headers: { Authorization: `Bearer ${accessToken}` },',
    "  headers.Authorization = 'Bearer ' + token;",
    '// Bearer authentication is used for every request',
    "const tokenType = 'Bearer';",
    '  authorization: string;',
    "const bearer = req.headers.authorization?.split(' ')[1];",
    "passwordInput.value = '';",
    "const secret = crypto.randomBytes(32).toString('hex');",
    "return jwt.sign(payload, secret, { expiresIn: '1h' });",
    'const task = "task-manager-with-a-long-name";',
    'const sk = "sk-short";',
    "const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';",
    "const repo = 'https://github.com/org/repo.git';",
    "const api = 'http://localhost:8080/api/v1';",
    "const local = 'mongodb://localhost:27017/test';",
    "const peer = 'postgres://user@localhost/db';",
    "const cacheKey = 'users:list';",
    'const apiKey = process.env.API_KEY ?? "";',
    "const apiKey = config.get('apiKey');",
    'const [token, rest] = line.split("=");',
    'tokens.push({ kind: "word", text });',
    "  secretName: 'db-credentials',",
  ),
  ...code(
    'src/app.py',
    'password = request.form["password"]',
    'PASSWORD = os.environ["DB_PASSWORD"]',
    'self.password_hash = bcrypt.hash(password)',
    'tokens = text.split(" ")',
    'def get_api_key(self):',
    'api_key = settings.API_KEY',
    'bypass = True',
    "primary_key = 'id'",
    "public_key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ user@host'",
    "secret_name = 'prod/db'",
    "token_type = 'bearer'",
    '    "password": "Password",',
    '    "token": "Token",',
  ),
  ...code(
    'config/app.yml',
    'max_tokens: 512',
    'secretName: my-tls-secret',
    '          key: password',
    '      secretKeyRef:',
    'password: ${DB_PASSWORD}',
    'api_key: <your-api-key>',
    'token_url: https://oauth2.googleapis.com/token',
    'access_token_ttl: 3600',
    'password: !vault |',
    'passwordless: true',
    'token_endpoint_auth_method: client_secret_basic',
    'secret: false',
    'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'password:',
    '  - name: DB_PASSWORD',
    '    valueFrom:',
  ),
  ...code(
    '.github/workflows/ci.yml',
    '          token: ${{ secrets.GITHUB_TOKEN }}',
    '          github-token: ${{ github.token }}',
    '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
  ),
  ...code('docker-compose.yml', '      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}', '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password', '      - DB_HOST=db'),
  ...code('src/main/resources/application.properties', 'spring.datasource.password=', 'spring.datasource.url=jdbc:postgresql://localhost:5432/app', 'server.port=8080'),
  ...code('settings.ini', 'password_min_length = 12', 'enable_password_login = true', '[database]'),
  ...code('Dockerfile', 'ENV NODE_ENV=production', 'ARG VERSION=1.2.3', 'export PATH=$PATH:/usr/local/bin'),
  ...code('package-lock.json', '      "integrity": "sha512-Ur3mY8JaV2l8hp0Ur3mY8JaV2l8hp0Ur3mY8JaV2l8hp0Ur3mY8JaV2l8hp0Ur3mY8JaV2l8hp0Ur3mY8Jw==",'),
  ...code('README.md', 'git clone git@github.com:org/repo.git', 'Set `OPENAI_API_KEY` in your environment, then run `npm start`.', '| password | string | The user password |', '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">'),
  ...code('cmd/main.go', '\ttoken, err := auth.NewToken(ctx)', '\tpassword := os.Getenv("PASSWORD")', '\tif apiKey == "" {'),
  ...code('src/Config.java', '    private String password;', '    public void setPassword(String password) { this.password = password; }'),
];
