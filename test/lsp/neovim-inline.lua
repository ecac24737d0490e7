-- Drives `vouch lsp` through Neovim's own LSP client (headless) for an inline completion, as a user with
-- the README's config does: Neovim starts with the README's `init.lua` lines for its version (the test
-- writes them), opens the Python file, and the config starts and attaches the server; this script asks for a
-- completion at the cursor, accepts it (its text goes into the buffer, and Neovim tells the server), and
-- waits for vouch to count it accepted. Writes what happened as JSON to $VOUCH_NVIM_OUT. Works with Neovim
-- 0.7 and newer (0.7 has no inline-completion UI, so the script asks with the protocol's own request,
-- `textDocument/inlineCompletion`, as a plugin would).
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local harness = dofile(here .. 'neovim-harness.lua')({ suggestions = {} })
local file, report = harness.file, harness.report
local finish, step = harness.finish, harness.step

-- the server's notifications reach the client the config started
vim.lsp.handlers['vouch/suggestion'] = function(_, result)
  table.insert(report.suggestions, result.outcome)
end

vim.cmd('edit ' .. file)
local buffer = vim.api.nvim_get_current_buf()
local client
local ready = vim.wait(60000, function()
  for _, candidate in pairs(vim.lsp.buf_get_clients(buffer)) do
    if candidate.name == 'vouch' then
      client = candidate
    end
  end
  return client ~= nil and client.initialized == true
end, 50)
step('initialized', ready)
if not ready then
  step('error', 'no initialized vouch client on the buffer: the init.lua did not start and attach it')
  finish()
end
step('root', client.config.root_dir)

-- the cursor at the empty body line of `cart_total` (0-based line 4, after the indent)
local line, character = 4, 4
local started = vim.loop.hrtime()
local response = client.request_sync('textDocument/inlineCompletion', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  position = { line = line, character = character },
  context = { triggerKind = 1 },
}, 60000, buffer)
step('milliseconds', math.floor((vim.loop.hrtime() - started) / 1e6))
local items = response and response.result
if type(items) == 'table' and items.items then
  items = items.items
end
if type(items) ~= 'table' or #items == 0 then
  step('error', response and response.err and response.err.message or 'no completion came back')
  finish()
end
local text = items[1].insertText
step('completion', text)

-- accept: the text goes in at the cursor, as an editor's accept key puts it there
vim.api.nvim_buf_set_text(buffer, line, character, line, character, vim.split(text, '\n', true))
step('line', vim.api.nvim_buf_get_lines(buffer, line, line + 1, false)[1])

local accepted = vim.wait(30000, function()
  return vim.tbl_contains(report.suggestions, 'accepted')
end, 50)
step('accepted', accepted)
vim.lsp.stop_client(client.id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client.id) == nil
end, 50)
finish()
