import { z } from 'zod';
import { TokenLimit } from '../../pool/admission.ts';

/**
 * Gemini's GenerateContentRequest as @google/genai and Gemini CLI send it (the model is in the
 * URL). Loose objects throughout: safetySettings, cachedContent and newer fields are accepted and
 * ignored; only what reaches the page is typed.
 */
const Part = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  inlineData: z.looseObject({ mimeType: z.string().min(1), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z
    .looseObject({
      name: z.string().min(1),
      args: z.record(z.string(), z.unknown()).optional(),
      id: z.string().optional(),
    })
    .optional(),
  functionResponse: z
    .looseObject({ name: z.string().min(1), response: z.unknown().optional(), id: z.string().optional() })
    .optional(),
  executableCode: z.looseObject({ code: z.string() }).optional(),
  codeExecutionResult: z.looseObject({ output: z.string().optional() }).optional(),
});
export type GeminiPart = z.infer<typeof Part>;

const Content = z.looseObject({ role: z.string().optional(), parts: z.array(Part) });
export type GeminiContent = z.infer<typeof Content>;

const FunctionDeclaration = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Gemini's OpenAPI-subset Schema (types may be upper case: OBJECT, STRING) */
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.record(z.string(), z.unknown()).optional(),
});

const GenerationConfig = z.looseObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().optional(),
  maxOutputTokens: TokenLimit.optional(),
  stopSequences: z.array(z.string()).optional(),
  candidateCount: z.number().int().min(1).optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.unknown().optional(),
  responseJsonSchema: z.unknown().optional(),
  thinkingConfig: z
    .looseObject({
      includeThoughts: z.boolean().optional(),
      thinkingBudget: z.number().int().optional(),
      thinkingLevel: z.string().optional(),
    })
    .optional(),
});

export const GenerateContentRequest = z.looseObject({
  contents: z.array(Content).min(1),
  systemInstruction: z.union([z.string(), Content]).optional(),
  generationConfig: GenerationConfig.optional(),
  tools: z
    .array(
      z.looseObject({
        functionDeclarations: z.array(FunctionDeclaration).optional(),
        googleSearch: z.unknown().optional(),
        googleSearchRetrieval: z.unknown().optional(),
        urlContext: z.unknown().optional(),
        codeExecution: z.unknown().optional(),
      }),
    )
    .optional(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
});
export type GenerateContentRequest = z.infer<typeof GenerateContentRequest>;

/** Free-form JSON in a generateContent request: a problem deep inside one is reported as that field (pool/admission.ts). */
export const GEMINI_OPAQUE_FIELDS = [
  'tools[].functionDeclarations[].parameters',
  'tools[].functionDeclarations[].parametersJsonSchema',
  'generationConfig.responseSchema',
  'generationConfig.responseJsonSchema',
  'contents[].parts',
  'systemInstruction',
];

/** countTokens takes `contents`, or a whole `generateContentRequest`. */
export const CountTokensRequest = z.looseObject({
  contents: z.array(Content).optional(),
  generateContentRequest: GenerateContentRequest.optional(),
});
