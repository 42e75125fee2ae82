/**
 * Fields Stripe returns only when asked for: "Some available fields aren't included in the responses by
 * default … You can request these fields as an expanded response by using the expand request parameter"
 * (docs.stripe.com/api/expanding_objects). A list that does not ask for them never fills them, so a stream
 * schema keeps such a field only where the stream requests it (`expand`, or a child endpoint's `expand`).
 *
 * The spec has no marker of its own for them. They are derived: a property of a resource (`x-resourceId`)
 * listed in its `x-expandableFields` that is neither an id to expand (`anyOf: [string, $ref]`), nor
 * required, nor nullable, nor named after one of the resource's `type`s; or one whose description says it
 * is "omitted unless you explicitly request it". Some properties fit that shape and are nonetheless
 * returned whenever they apply: those are listed below, each with why.
 */
import type { StreamDef } from '../src/streams';
import { isObject as isRecord } from '../src/json-file';

type OpenApiSchema = Record<string, unknown>;

/** Properties that look includable but are returned by default wherever they apply (`component.property`). */
export const RETURNED_WHEN_RELEVANT: Record<string, string> = {
  ...Object.fromEntries(['capabilities', 'company', 'controller', 'external_accounts', 'future_requirements', 'individual', 'requirements', 'tos_acceptance']
    .map((p) => [`account.${p}`, "returned according to the account's type and controller (spec: account)"])),
  'balance.connect_reserved': 'present for Connect platforms', 'balance.instant_available': 'present where Instant Payouts apply',
  'balance.issuing': 'present for Issuing accounts',
  'capability.future_requirements': "in Stripe's example object", 'capability.requirements': "in Stripe's example object",
  'card.networks': 'present for co-badged cards',
  'charge.radar_options': 'present when the payment set Radar options',
  'checkout.session.phone_number_collection': "in Stripe's example object", 'checkout.session.tax_id_collection': 'present when tax id collection is set',
  'customer.invoice_settings': "in Stripe's example object",
  'dispute.payment_method_details': "in Stripe's example object",
  ...Object.fromEntries(['email', 'options', 'phone', 'selfie'].map((p) => [`identity.verification_report.${p}`, "present for the report's checks"])),
  'invoice.threshold_reason': 'present on invoices created by a billing threshold',
  'issuing.physical_bundle.features': 'present per bundle',
  'line_item.tax_amounts': "in Stripe's example object", 'line_item.tax_rates': "in Stripe's example object",
  'payment_intent.amount_details': "in Stripe's example object",
  'payment_method.radar_options': 'present when the payment method set Radar options',
  ...Object.fromEntries(['additional_tos_acceptances', 'address', 'dob', 'registered_address', 'relationship', 'verification']
    .map((p) => [`person.${p}`, "returned according to the account's requirements (docs.stripe.com/api/persons)"])),
  'quote.default_tax_rates': "in Stripe's example object",
  'refund.destination_details': "in Stripe's example object", 'refund.next_action': 'present when the refund needs an action',
  ...Object.fromEntries(['code_verification', 'receiver', 'redirect', 'source_order'].map((p) => [`source.${p}`, "present for the source's flow"])),
  ...Object.fromEntries(['card_issuing', 'deposit_insurance', 'financial_addresses', 'inbound_transfers', 'intra_stripe_flows', 'outbound_payments', 'outbound_transfers']
    .map((p) => [`treasury.financial_account_features.${p}`, 'present for each feature requested on the financial account'])),
};

const OMITTED = /omitted unless you explicitly request it/i;

function isIdExpansion(schema: OpenApiSchema): boolean {
  const variants = schema['anyOf'];
  return isRecord(schema['x-expansionResources'])
    || (Array.isArray(variants) && variants.some((v) => isRecord(v) && v['type'] === 'string') && variants.some((v) => isRecord(v) && typeof v['$ref'] === 'string'));
}

/** The properties of a component that Stripe returns only when asked for (see above). */
export function includableProperties(name: string, component: OpenApiSchema): string[] {
  const properties = isRecord(component['properties']) ? component['properties'] : {};
  if (typeof component['x-resourceId'] !== 'string') return [];
  const expandable = new Set(Array.isArray(component['x-expandableFields']) ? component['x-expandableFields'] : []);
  const required = new Set(Array.isArray(component['required']) ? component['required'] : []);
  const type = isRecord(properties['type']) && Array.isArray(properties['type']['enum']) ? properties['type']['enum'] : [];
  return Object.entries(properties).filter(([key, value]) => {
    if (!isRecord(value) || RETURNED_WHEN_RELEVANT[`${name}.${key}`]) return false;
    if (typeof value['description'] === 'string' && OMITTED.test(value['description'])) return true;
    return expandable.has(key) && !isIdExpansion(value) && !required.has(key) && value['nullable'] !== true && !type.includes(key);
  }).map(([key]) => key);
}

/** Includable fields a stream asks for, as paths relative to its objects (`data.tiers` → `tiers`). */
export function requestedFields(def: StreamDef): Set<string> {
  const expand = def.kind === 'top' ? def.expand ?? [] : def.source.kind === 'endpoint' || def.source.kind === 'list' ? def.source.expand ?? [] : [];
  return new Set(expand.map((e) => e.replace(/^data\./, '')));
}
