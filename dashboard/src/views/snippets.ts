/**
 * Copy-ready settings for every surface, with this bridge's address and the right key hint.
 * `root` is the bridge's address (http://127.0.0.1:2048), `key` what to put where a key goes.
 */
export function snippets(root: string, key: string, model: string): Array<{ name: string; code: string }> {
  const v1 = `${root}/v1`;
  return [
    {
      name: 'curl',
      code: `curl ${v1}/chat/completions \\\n  -H "Authorization: Bearer ${key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}], "stream": true}'`,
    },
    {
      name: 'OpenAI Python',
      code: `from openai import OpenAI\n\nclient = OpenAI(base_url="${v1}", api_key="${key}")\nreply = client.chat.completions.create(\n    model="${model}",\n    messages=[{"role": "user", "content": "Hello"}],\n)\nprint(reply.choices[0].message.content)`,
    },
    {
      name: 'OpenAI JS',
      code: `import OpenAI from 'openai';\n\nconst client = new OpenAI({ baseURL: '${v1}', apiKey: '${key}' });\nconst reply = await client.chat.completions.create({\n  model: '${model}',\n  messages: [{ role: 'user', content: 'Hello' }],\n});\nconsole.log(reply.choices[0].message.content);`,
    },
    {
      name: 'Anthropic Python',
      code: `import anthropic\n\nclient = anthropic.Anthropic(base_url="${root}", api_key="${key}")\nmessage = client.messages.create(\n    model="${model}", max_tokens=1024,\n    messages=[{"role": "user", "content": "Hello"}],\n)\nprint(message.content[0].text)`,
    },
    {
      name: 'Gemini (google-genai)',
      code: `from google import genai\n\nclient = genai.Client(api_key="${key}", http_options={"base_url": "${root}"})\nreply = client.models.generate_content(model="${model}", contents="Hello")\nprint(reply.text)`,
    },
    {
      name: 'Ollama',
      code: `curl ${root}/api/chat -H "Authorization: Bearer ${key}" \\\n  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}]}'\n# apps: Ollama URL ${root}   ·   OLLAMA_HOST=${root}`,
    },
    {
      name: 'Codex CLI (~/.codex/config.toml)',
      code: `model = "${model}"\nmodel_provider = "aistudio"\n\n[model_providers.aistudio]\nname = "AI Studio Bridge"\nbase_url = "${v1}"\nenv_key = "AISTUDIO_BRIDGE_KEY"\nwire_api = "responses"\n\n# export AISTUDIO_BRIDGE_KEY=${key}`,
    },
    {
      name: 'Claude Code',
      code: `export ANTHROPIC_BASE_URL=${root}\nexport ANTHROPIC_AUTH_TOKEN=${key}\nexport ANTHROPIC_MODEL=${model}\nclaude`,
    },
    {
      name: 'Gemini CLI',
      code: `export GOOGLE_GEMINI_BASE_URL=${root}\nexport GEMINI_API_KEY=${key}\ngemini -m ${model}`,
    },
  ];
}
