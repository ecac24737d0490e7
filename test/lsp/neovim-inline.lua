-- Drives `vouch lsp` through Neovim's own LSP client (headless) for an inline completion, as a user with
-- the README's config would: open a Python file, ask for a completion at the cursor, accept it (its text
-- goes into the buffer, and Neovim tells the server), and wait for vouch to count it accepted. Writes what
-- happened as JSON to $VOUCH_NVIM_OUT. Works with Neovim 0.7 and newer (0.7 has no inline-completion UI,
-- so the script asks with the protocol's own request, `textDocument/inlineCompletion`, as a plugin would).
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local harness = dofile(here .. 'neovim-harness.lua')({ suggestions = {} })
local file, root, vouch, report = harness.file, harness.root, harness.vouch, harness.report
local finish, step = harness.finish, harness.step
local model = os.getenv('VOUCH_NVIM_MODEL')

local client_id = vim.lsp.start_client({
  name = 'vouch',
  cmd = { 'node', vouch, 'lsp' },
  root_dir = root,
  init_options = { model = model },
  handlers = {
    ['vouch/suggestion'] = function(_, result)
      table.insert(report.suggestions, result.outcome)
    end,
  },
})
if not client_id then
  step('error', 'the client did not start')
  finish()
end

vim.cmd('edit ' .. file)
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)
local client = vim.lsp.get_client_by_id(client_id)
local ready = vim.wait(60000, function()
  return client.initialized == true
end, 50)
step('initialized', ready)
if not ready then
  finish()
end

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
vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
finish()
