/** The AWS account and region of everything the local platform names in an ARN. */
export const LOCAL_ACCOUNT = { region: 'eu-west-3', accountId: '000000000000' } as const;
