/** Usage texts and the error type for bad usage (exit code 2). */

export const PROGRAM = 'identity-pool-roles';

/** Bad usage or unreadable input: the CLI prints the message on stderr and exits with 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showHelpHint = true,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_CHECK_ERRORS = 1;
export const EXIT_USAGE = 2;
/** A bug in this tool (an exception it did not expect). Distinct from 2 so scripts can tell them apart. */
export const EXIT_INTERNAL = 3;

export const MAIN_USAGE = `${PROGRAM}: which IAM role does a sign-in token get from an Amazon Cognito identity pool, and why?

Usage:
  ${PROGRAM} simulate --roles FILE [options]   simulate GetCredentialsForIdentity for one sign-in
  ${PROGRAM} check FILE|FOLDER... [--format ...]  check role-mapping files for mistakes
  ${PROGRAM} test [FILE|FOLDER...]              run role-test files (*.role-tests.yaml) and report failures
  ${PROGRAM} analyze --roles FILE [options]    which rules can fire, for whom; who can become each role
  ${PROGRAM} diff OLD NEW [options]            the identities whose role changes between two versions
  ${PROGRAM} analyze --can ACTION RESOURCE FILE...  who can do this? every role of the pool that allows it
  ${PROGRAM} --help | --version

Run '${PROGRAM} COMMAND --help' (simulate, check, test, analyze, diff) for the options.
Nothing is sent over the network; tokens and claim values are never written to stderr.
`;

export const SIMULATE_USAGE = `Usage: ${PROGRAM} simulate --roles FILE [--identity-pool FILE] [--pool LOGICAL_ID] [--login KEY]
         [--token JWT | --token-file FILE | --claims FILE] [--custom-role-arn ARN]
         [--jwks FILE] [--now UNIX_SECONDS] [--parameter NAME=VALUE]... [--format text|json]
         [--action ACTION [--resource ARN]] [--identity-id ID] [--context KEY=VALUE]... [--policy ARN=FILE]...
         [--stdin-name NAME]

Answers which IAM role (or which AWS error) GetCredentialsForIdentity would give, and why.

  --roles FILE            SetIdentityPoolRoles JSON/YAML (as from get-identity-pool-roles), a
                          RoleMappings file (the --role-mappings value; default roles then unknown),
                          a CloudFormation template that holds the identity pool, or Terraform: a
                          folder (its .tf files, one module) or a .tf file
  --identity-pool FILE    CreateIdentityPool/DescribeIdentityPool JSON (registered providers, guest access)
  --pool LOGICAL_ID       which identity pool of the template (needed when it holds more than one);
                          for Terraform its address, e.g. aws_cognito_identity_pool.main
  --login KEY             the Logins map key, e.g. cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123,
                          accounts.google.com, a SAML provider ARN, cognito-identity.amazonaws.com;
                          without it the token's iss decides
  --token JWT             the ID token to sign in with
  --token-file FILE       read the token from a file (keeps it out of your shell history)
  --claims FILE           a JSON object of claims instead of a token (no signature to check)
  --custom-role-arn ARN   the CustomRoleArn of the request
  --jwks FILE             a JSON Web Key Set (or one JWK) to verify the token's signature with (never fetched)
  --now UNIX_SECONDS      the evaluation time (default: now)
  --parameter NAME=VALUE  the value a deployment passes for template parameter NAME (repeatable); it
                          replaces the parameter's default and decides Fn::If conditions on it;
                          for Terraform, the value of variable NAME (also --var NAME=VALUE)
  --format text|json      output format (default: text)
  --stdin-name NAME       the name of standard input (a FILE given as -): in messages, and its format
                          by extension (.tf is Terraform; otherwise JSON or YAML by content)
  --action ACTION         e.g. s3:GetObject: is it allowed for this identity? (adds "access")
  --resource ARN          the resource of --action (default: *)
  --identity-id ID        the identity ID (us-east-1:…), the value of \${cognito-identity.amazonaws.com:sub};
                          without it what depends on it is unknown and is shown as <identity-id>
  --context KEY=VALUE     a request context key (repeatable; repeat a key for a multi-valued one)
  --policy ARN=FILE       policies of a role defined elsewhere (a policy document, get-role-policy or
                          get-account-authorization-details output), or a managed policy's document
                          (an ARN with :policy/); repeatable
                          With --identity-id, --context or --policy but no --action, "permissions" lists
                          the chosen role's statements as they apply to this identity.

A FILE given as - is read from standard input (at most one: --roles, --identity-pool, --claims,
--token-file, --jwks or a --policy FILE), e.g.
  aws cognito-identity get-identity-pool-roles --identity-pool-id ID | ${PROGRAM} simulate --roles -
With no --login, --token or --claims the request is an unauthenticated guest. When the role depends on
template parameters without a value, the outcome is 'unknown' and names them.
Exit codes: 0 the simulation ran (whatever its outcome), 2 bad usage or unreadable input.
`;

export const CHECK_USAGE = `Usage: ${PROGRAM} check FILE|FOLDER... [--parameter NAME=VALUE]... [--format text|json|sarif]
         [--stdin-name NAME]

Checks SetIdentityPoolRoles files, RoleMappings files (the --role-mappings value), identity-pool files
and CloudFormation templates (also Serverless Framework resources) for what AWS would reject and for
likely mistakes. Files whose IdentityPoolIds match are checked together; other files are left alone.
Terraform: a FOLDER is read as one module (all its .tf files); .tf files named from one folder are
read together. A FILE given as - is read from standard input (once), and named <stdin>:
  terraform show -json | ${PROGRAM} check -

  --parameter NAME=VALUE  check templates with this value for parameter NAME (repeatable), as deployed;
                          for Terraform, the value of variable NAME (also --var NAME=VALUE)
  --format text|json|sarif 'text' prints file:line:col: severity code message (default); 'json' prints
                          an array of { file, diagnostics } with 0-based ranges; 'sarif' prints SARIF
                          2.1.0 for GitHub code scanning (URIs relative to the current folder)
  --stdin-name NAME       the name of standard input (-) in the report, and its format by extension
                          (a Terraform .tf text needs it, e.g. --stdin-name main.tf)

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 bad usage or unreadable file.
`;
