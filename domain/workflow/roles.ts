/** Who acts on a workflow step (data/workflow-steps.json names one per step). */
export const ROLES = ['porteur', 'service-instructeur', 'chef-slai-slisl', 'secretariat-cp', 'system'] as const;
export type Role = (typeof ROLES)[number];
