-- What the Neovim scripts driving `vouch lsp` share: the test's environment, the report written as JSON
-- to $VOUCH_NVIM_OUT when the script finishes (Neovim then quits), and steps recorded in order.
-- Loaded with dofile from the script's own folder; `report` starts as the script's own fields.
return function(report)
  report.steps = {}
  local harness = {
    out = os.getenv('VOUCH_NVIM_OUT'),
    file = os.getenv('VOUCH_NVIM_FILE'),
    root = os.getenv('VOUCH_NVIM_ROOT'),
    vouch = os.getenv('VOUCH_BIN'),
    report = report,
  }
  function harness.finish()
    local handle = io.open(harness.out, 'w')
    handle:write(vim.fn.json_encode(report))
    handle:close()
    vim.cmd('qall!')
  end
  function harness.step(name, value)
    table.insert(report.steps, name)
    report[name] = value
  end
  return harness
end
