-- Drives `vouch lsp` through Neovim's own LSP client (headless), as a user with the README's config would:
-- open a Python file, wait for vouch's diagnostics, take the quick fix for an invented API, and write
-- what happened as JSON to $VOUCH_NVIM_OUT. Works with Neovim 0.7 and newer.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
local harness = dofile(here .. 'neovim-harness.lua')({})
local file, root, vouch, report = harness.file, harness.root, harness.vouch, harness.report
local finish, step = harness.finish, harness.step

local client_id = vim.lsp.start_client({
  name = 'vouch',
  cmd = { 'node', vouch, 'lsp' },
  root_dir = root,
})
if not client_id then
  step('error', 'the client did not start')
  finish()
end

vim.cmd('edit ' .. file)
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)

local function diagnostics_with(code)
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    if diagnostic.code == code then
      return diagnostic
    end
  end
  return nil
end

local found = vim.wait(120000, function()
  return diagnostics_with('api-missing') ~= nil
end, 100)
local diagnostic = diagnostics_with('api-missing')
step('diagnostic', found and { message = diagnostic.message, line = diagnostic.lnum, source = diagnostic.source } or vim.NIL)
if not found then
  finish()
end

local client = vim.lsp.get_client_by_id(client_id)
local lsp_data = diagnostic.user_data and diagnostic.user_data.lsp or {}
local lsp_diagnostic = {
  range = {
    start = { line = diagnostic.lnum, character = diagnostic.col },
    ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
  },
  message = diagnostic.message,
  code = diagnostic.code,
  source = diagnostic.source,
  data = lsp_data.data,
}
local response = client.request_sync('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  range = lsp_diagnostic.range,
  context = { diagnostics = { lsp_diagnostic } },
}, 30000, buffer)
local actions = response and response.result or {}
local titles = {}
local chosen = nil
for _, action in ipairs(actions) do
  table.insert(titles, action.title)
  if action.isPreferred and action.edit then
    chosen = action
  end
end
step('actions', titles)
if chosen then
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  vim.lsp.buf_notify(buffer, 'textDocument/didSave', { textDocument = { uri = vim.uri_from_bufnr(buffer) } })
end
step('line', vim.api.nvim_buf_get_lines(buffer, 4, 5, false)[1])

local cleared = vim.wait(120000, function()
  return diagnostics_with('api-missing') == nil
end, 100)
step('cleared', cleared)
finish()
