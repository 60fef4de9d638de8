import { chatCompletions, completions } from './openai-chat';
import { audioSpeech, embeddings, imageGenerations, listModels, moderations, retrieveModel } from './openai-misc';
import { responses } from './openai-responses';
import type { HandlerContext, Reply, Route } from './types';

/**
 * Azure OpenAI names the deployment in the path and may leave `model` out of the body;
 * the deployment name then stands in for it.
 */
function deploymentAsModel(handle: (ctx: HandlerContext) => Reply): (ctx: HandlerContext) => Reply {
  return (ctx) => handle({ ...ctx, body: { model: decodeURIComponent(ctx.params[0] ?? ''), ...ctx.body } });
}

/** Routes in OpenAI's shape, plus the Azure OpenAI paths for the same operations. */
export const OPENAI_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/v1\/models$/, handle: listModels },
  { method: 'GET', pattern: /^\/v1\/models\/([^/]+)$/, handle: retrieveModel },
  // Azure OpenAI's model list (`?api-version=…`); Anthropic's `GET /v1/models` is the route above.
  { method: 'GET', pattern: /^\/openai\/models$/, handle: listModels },
  { method: 'POST', pattern: /^(?:\/openai)?\/v1\/chat\/completions$/, handle: chatCompletions },
  { method: 'POST', pattern: /^(?:\/openai)?\/v1\/completions$/, handle: completions },
  { method: 'POST', pattern: /^(?:\/openai)?\/v1\/embeddings$/, handle: embeddings },
  { method: 'POST', pattern: /^(?:\/openai)?\/v1\/responses$/, handle: responses },
  { method: 'POST', pattern: /^\/v1\/moderations$/, handle: moderations },
  { method: 'POST', pattern: /^\/v1\/images\/generations$/, handle: imageGenerations },
  { method: 'POST', pattern: /^\/v1\/audio\/speech$/, handle: audioSpeech },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
    handle: deploymentAsModel(chatCompletions),
  },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/completions$/,
    handle: deploymentAsModel(completions),
  },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/embeddings$/,
    handle: deploymentAsModel(embeddings),
  },
];
