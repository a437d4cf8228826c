/**
 * The one AWS identity every local server and client shares: the region, account and credentials
 * the local runtime, its functions, the CLI, the benchmarks and the tests all use. The credentials
 * are only ever sent to loopback.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
// DynamoDB Local 2+ refuses access key ids that are not purely alphanumeric.
export const LOCAL_CREDENTIALS = { accessKeyId: 'vigillocal', secretAccessKey: 'vigillocalsecret' } as const;
