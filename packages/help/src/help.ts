import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const serviceKinds = ['hotline', 'counselling', 'legal_aid', 'shelter', 'compensation'] as const;
export const expenseTypes = [
  'medical',
  'mental_health',
  'income_loss',
  'funeral',
  'relocation',
  'crime_scene_cleanup',
  'home_security',
  'property',
] as const;

/** `US` for national services, `US-CA` for a state's (ISO 3166-2), `US-CA-Riverside` for a county's. */
const jurisdiction = z.string().regex(/^[A-Z]{2}(-[A-Z]{2}(-[A-Za-z]+)?)?$/);

const service = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{2,64}$/),
  jurisdictions: z.array(jurisdiction).min(1),
  kind: z.enum(serviceKinds),
  /** The crisis line notices name after news that may put someone at risk (the most local one). */
  crisis: z.boolean().optional(),
  name: z.string().min(1).max(200),
  phone: z.string().regex(/^(\+\d{6,15}|\d{3})$/),
  text: z.string().max(200).optional(),
  url: z.url({ protocol: /^https$/ }),
  hours: z.string().max(100),
  languages: z.array(z.string().min(2).max(8)).min(1),
  about: z.strictObject({ en: z.string().min(1), es: z.string().min(1), 'zh-Hant': z.string().min(1) }),
});
export type Service = z.infer<typeof service>;

const compensationRules = z.strictObject({
  state: jurisdiction,
  /** The directory entry of the state's programme. */
  programme: z.string(),
  filingYears: z.number().int().min(1).max(50),
  reportRequired: z.boolean(),
  /** Some states ask for a report within so many days of the crime. */
  reportWithinDays: z.number().int().min(1).optional(),
  cooperationRequired: z.boolean(),
  expenseTypes: z.array(z.enum(expenseTypes)).min(1),
});
export type CompensationRules = z.infer<typeof compensationRules>;

const servicesFile = z.object({ reviewed: z.iso.date(), note: z.string(), services: z.array(service) });
const rulesFile = z.object({ reviewed: z.iso.date(), note: z.string(), states: z.array(compensationRules) });

/** The directory and the rules, read and checked once: a bad entry stops the process, naming it. */
export interface HelpData {
  services: Service[];
  rules: CompensationRules[];
}

export function loadHelpData(
  files = {
    services: new URL('../data/services.json', import.meta.url),
    rules: new URL('../data/compensation-rules.json', import.meta.url),
  },
): HelpData {
  const services = servicesFile.parse(JSON.parse(readFileSync(files.services, 'utf8'))).services;
  const rules = rulesFile.parse(JSON.parse(readFileSync(files.rules, 'utf8'))).states;
  for (const r of rules)
    if (!services.some((s) => s.id === r.programme))
      throw new Error(
        `compensation rules for ${r.state} name programme ${r.programme}, which the directory lacks`,
      );
  return { services, rules };
}

/** The services that apply where someone is: national ones, then their state's, then their county's. */
export function servicesFor(data: HelpData, where: string): Service[] {
  const levels = where.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  return data.services
    .filter((s) => s.jurisdictions.some((j) => levels.includes(j)))
    .sort((a, b) => serviceKinds.indexOf(a.kind) - serviceKinds.indexOf(b.kind));
}

/** The crisis line for a place: its own, else its state's, else the national one. */
export function crisisLineFor(data: HelpData, where: string): Service | undefined {
  const levels = where.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  for (const level of levels.reverse()) {
    const line = data.services.find((s) => s.crisis && s.jurisdictions.includes(level));
    if (line) return line;
  }
  return undefined;
}

export const eligibilityAnswers = z.object({
  state: jurisdiction,
  crimeDate: z.iso.date({ error: 'must be the date of the crime, as YYYY-MM-DD' }),
  reported: z.boolean(),
  /** How many days after the crime it was reported, when it was. */
  reportedAfterDays: z.number().int().min(0).optional(),
  cooperating: z.boolean(),
  expenses: z.array(z.enum(expenseTypes)).max(expenseTypes.length),
});
export type EligibilityAnswers = z.infer<typeof eligibilityAnswers>;

export type EligibilityReason =
  | 'past_deadline'
  | 'not_reported'
  | 'reported_late'
  | 'not_cooperating'
  | 'no_covered_expenses';

/**
 * A first check against a state's rules, never a decision: `likely` when nothing stands in the way,
 * else `ask` with the reasons, because programmes make exceptions for good cause. Either way it ends
 * with the programme to contact and the filing deadline.
 */
export function checkEligibility(
  rules: CompensationRules,
  answers: EligibilityAnswers,
  today: Date,
): { outcome: 'likely' | 'ask'; reasons: EligibilityReason[]; deadline: string; covered: string[] } {
  const crime = new Date(`${answers.crimeDate}T00:00:00Z`);
  const deadline = new Date(crime);
  deadline.setUTCFullYear(deadline.getUTCFullYear() + rules.filingYears);
  const reasons: EligibilityReason[] = [];
  if (deadline < today) reasons.push('past_deadline');
  if (rules.reportRequired && !answers.reported) reasons.push('not_reported');
  if (
    answers.reported &&
    rules.reportWithinDays !== undefined &&
    answers.reportedAfterDays !== undefined &&
    answers.reportedAfterDays > rules.reportWithinDays
  )
    reasons.push('reported_late');
  if (rules.cooperationRequired && !answers.cooperating) reasons.push('not_cooperating');
  const covered = answers.expenses.filter((e) => rules.expenseTypes.includes(e));
  if (covered.length === 0) reasons.push('no_covered_expenses');
  return {
    outcome: reasons.length ? 'ask' : 'likely',
    reasons,
    deadline: deadline.toISOString().slice(0, 10),
    covered,
  };
}
