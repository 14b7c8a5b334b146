/**
 * The one table, built from `TABLE_DESIGN` (adapters/dynamodb/table-design.ts), the same design
 * the local platform creates: keys, indexes and projections come from there, nothing is
 * repeated here. On-demand, point-in-time recovery, encryption at rest (AWS managed key),
 * deletion protection, TTL on `ttl`, and a stream of new images for the transition publisher.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_DESIGN, type IndexProjection, type KeyAttribute } from '#adapters/dynamodb/table-design.ts';

const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const attribute = (a: KeyAttribute): dynamodb.Attribute => ({ name: a.name, type: ATTRIBUTE_TYPE[a.type] });

function projection(p: IndexProjection): Pick<dynamodb.GlobalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  switch (p.type) {
    case 'ALL':
      return { projectionType: dynamodb.ProjectionType.ALL };
    case 'KEYS_ONLY':
      return { projectionType: dynamodb.ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...p.nonKeyAttributes] };
  }
}

/**
 * The table actions the adapters (adapters/dynamodb) issue: GetItem, BatchGetItem, PutItem,
 * UpdateItem, Query — and TransactWriteItems, which IAM checks as the PutItem and UpdateItem it holds.
 */
export const REPOSITORY_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
] as const;

export class DataStore extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE_DESIGN.partitionKey),
      sortKey: attribute(TABLE_DESIGN.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_DESIGN.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        ...projection(index.projection),
      });
    }
  }

  /** The ARNs of the indexes, one by one (no `index/*` wildcard). */
  indexArns(): string[] {
    return TABLE_DESIGN.globalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }

  /** What the repository needs: its item actions on the table, Query on each index. */
  grantRepositoryAccess(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...REPOSITORY_ITEM_ACTIONS], resources: [this.table.tableArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: this.indexArns() }));
  }
}
