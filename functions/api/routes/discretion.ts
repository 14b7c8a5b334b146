/**
 * The instructing service's discretion (call: « le Département pourra suspendre », « pourra être
 * amené à rembourser », « tout contrôle … sur pièces et sur place »): a documented extension of a
 * porteur's deadline before it falls, the suspension pronounced (when data/sanctions.json has it
 * proposed), lifted or waived with a reason, controls
 * recorded, a control's prepared reimbursement validated. Service instructeur of the dossier's
 * territory only; every answer names the field a refusal is about.
 */
import { decideOnSuspension, suspendByService } from '#domain/workflow/annual-documents.ts';
import { recordControl, validateControlReimbursement } from '#domain/workflow/controls.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { extendDeadline } from '#domain/workflow/extensions.ts';
import { requireInstructor, visibleDossier } from '../access.ts';
import { actorOf } from '../identity.ts';
import type { Route } from '../router.ts';
import { controlBodySchema, extensionBodySchema, suspensionBodySchema, suspensionDecisionBodySchema } from '../schemas.ts';
import { parse, requestKey } from './execution.ts';

export function discretionRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/dossiers/:id/delais',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(extensionBodySchema, req.body);
        const granted = await extendDeadline(deps, dossier, {
          obligation: body.obligation,
          ...(body.exercice !== undefined ? { fiscalYear: body.exercice } : {}),
          newDueDate: body.nouvelleDate,
          reason: body.motif,
          actor: actorOf(req.identity),
        });
        return {
          status: 200,
          body: { obligation: body.obligation, ancienneDate: granted.previousDueDate, nouvelleDate: granted.newDueDate },
        };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/suspension',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(suspensionBodySchema, req.body);
        await suspendByService(deps, dossier, { fiscalYear: body.exercice, reason: body.motif, actor: actorOf(req.identity) });
        return { status: 200, body: { suspension: 'prononcee', exercice: body.exercice } };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/suspension/levee',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(suspensionDecisionBodySchema, req.body);
        const { outcome } = await decideOnSuspension(deps, dossier, {
          reason: body.motif,
          ...(body.exercice !== undefined ? { fiscalYear: body.exercice } : {}),
          actor: actorOf(req.identity),
          key: `${dossier.id}#${requestKey(req, 'suspension')}`,
        });
        return { status: 200, body: { suspension: outcome === 'lifted' ? 'levee' : 'ecartee' } };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/controles',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(controlBodySchema, req.body);
        const { control, reimbursementId } = await recordControl(deps, dossier, {
          kind: body.type,
          date: body.date,
          findings: body.constats,
          unfounded: body.piecesNonFondees,
          ...(body.montantARembourserCents !== undefined ? { reclaimCents: body.montantARembourserCents } : {}),
          actor: actorOf(req.identity),
          key: `${dossier.id}#${requestKey(req, 'controle')}`,
        });
        return { status: 201, body: { controle: control.id, ...(reimbursementId ? { remboursement: reimbursementId } : {}) } };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/remboursements/:rid/validation',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const r = await validateControlReimbursement(deps, dossier, req.params.rid!, actorOf(req.identity));
        return { status: 200, body: { remboursement: r.id, statut: r.status, montantCents: r.amountCents } };
      },
    },
  ];
}
