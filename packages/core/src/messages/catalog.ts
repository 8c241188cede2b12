import type { DenialCode, ModelProblemCode, WarningCode } from '../codes.js'
import type { DenialParams } from '../decision.js'

/** Turns ids in a message into words: role and action labels from the model, people's names if known. */
export interface Words {
  role(name: string | undefined): string
  roles(names: readonly string[] | undefined): string
  action(id: string | undefined): string
  person(id: string | undefined): string
}

export type MessageCode = DenialCode | WarningCode | ModelProblemCode
export type Params = DenialParams & Record<string, unknown>
export type Catalog = Record<MessageCode, (p: Params, w: Words) => string>
export type Locale = 'en' | 'de'
export const LOCALES: readonly Locale[] = ['en', 'de']
