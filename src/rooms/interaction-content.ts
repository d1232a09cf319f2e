import { z } from 'zod';

/**
 * What each interaction type's `content` must look like. `object` decides whether unknown keys
 * are stripped (what a clone accepts from the store) or refused (what a new interaction may send).
 */
function contentSchemas(object: typeof z.object | typeof z.strictObject) {
  const bodyContent = object({ body: z.string().min(1).max(5000) });
  return {
    notification: bodyContent,
    announcement: bodyContent,
    poll: object({
      question: z.string().min(1).max(1000),
      options: z.array(z.string().min(1).max(500)).min(2).max(50),
      allowMultiple: z.boolean().default(false),
    }),
    quiz: object({
      questions: z
        .array(
          object({
            text: z.string().min(1).max(2000),
            choices: z.array(z.string().min(1).max(500)).min(2).max(20),
            answer: z.number().int().min(0),
          }).refine((question) => question.answer < question.choices.length, {
            message: 'answer must index one of the choices',
            path: ['answer'],
          }),
        )
        .min(1)
        .max(200),
      timeLimitSeconds: z.number().int().positive().max(86_400).optional(),
    }),
  } as const;
}

/** Content a clone copies: what passes its type's schema, unknown keys aside. */
export const interactionContentSchemas = contentSchemas(z.object);

/** Content a new interaction may carry: its type's schema, and no field it does not name. */
export const newInteractionContentSchemas = contentSchemas(z.strictObject);

export type InteractionType = keyof typeof interactionContentSchemas;
export const INTERACTION_TYPES = Object.keys(interactionContentSchemas) as InteractionType[];
export const INTERACTION_STATUSES = ['draft', 'scheduled', 'published', 'closed'] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

export function isInteractionType(type: string): type is InteractionType {
  return Object.hasOwn(interactionContentSchemas, type);
}

/** Why `content` cannot be copied as an interaction of `type`, or null when it can. */
export function interactionContentProblem(type: string, content: unknown): string | null {
  if (!isInteractionType(type))
    return `interaction type "${type}" cannot be copied by this version`;

  const parsed = interactionContentSchemas[type].safeParse(content);
  if (parsed.success) return null;
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : 'content';
  return `content no longer passes the ${type} schema (${where}: ${first?.message})`;
}
