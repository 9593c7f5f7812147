/** The agent: models (OpenAI, rule-based), system prompt, conversation loop, one call. */
export { type Call, type CallSetup, chooseModel, startCall } from "./call.ts";
export { Conversation, type ConversationObserver, type TurnResult } from "./conversation.ts";
export type { ChatMessage, ChatModel, ModelRequest, ModelResponse, ToolCall, ToolSpec } from "./model.ts";
export { modelFromEnv } from "./model-config.ts";
export { createOpenAIModel, ModelUnavailableError } from "./openai-model.ts";
export { createRuleModel } from "./rule-model.ts";
export { renderSystemPrompt } from "./system-prompt.ts";
