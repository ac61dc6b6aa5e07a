-- One long-lived pandoc for many exports (run as `pandoc lua batch.lua FILTER
-- REFERENCE_DOCX TYPST_TEMPLATE READER COMPARISON_READER`, driven by
-- samverkan.exportera.batch).
--
-- Starting pandoc costs more than converting one document, so the export
-- keeps a few of these running and sends them document after document.
-- Requests on stdin: a line "<format> <length>" (format docx, typst or
-- docx+typst), then <length> bytes of Markdown. Replies on stdout: "ok
-- <length> ..." (one length per format) or "error <length>", then the outputs
-- one after the other (or pandoc's message). docx+typst reads and filters the
-- document once and writes it in both formats. Each document is
-- read, filtered and written exactly as the command line
-- `pandoc --from READER --lua-filter FILTER --to docx --reference-doc …`
-- (or `--to typst --template …`) would; format "jamforelse" is a comparison's
-- Word file with tracked changes, as `pandoc --from COMPARISON_READER --to docx`
-- makes it (samverkan.jamforelse.to_docx); the test suite compares them.
--
-- Nothing here reads a file named by a document: the link filter turns every
-- image into text, so the docx writer has nothing to fetch, and the only files
-- opened are the three named on the command line.

local filter_path, reference_doc, template_path, reader = arg[1], arg[2], arg[3], arg[4]
local comparison_reader = arg[5]

local function read_file(path)
  local handle = assert(io.open(path, "rb"))
  local text = handle:read("a")
  handle:close()
  return text
end

local typst_template = pandoc.template.compile(read_file(template_path), template_path)

-- The link filter, loaded once: its global functions, applied with doc:walk,
-- which traverses as a filter run from the command line does
-- (pandoc.utils.run_lua_filter would read and load the file for every document).
local filter_env = setmetatable({}, { __index = _G })
assert(loadfile(filter_path, "t", filter_env))()
local link_filter = {}
for name, value in pairs(filter_env) do
  if type(value) == "function" then
    link_filter[name] = value
  end
end
local options = {
  docx = { reference_doc = reference_doc },
  typst = { template = typst_template },
  jamforelse = {},
}

-- the command line reads with its default --columns (72), Lua's default is 80;
-- the width decides when a pipe table gets relative column widths
local reader_options = { columns = 72 }

-- the requests, and the writers each one asks for
local requests = {
  docx = { "docx" },
  typst = { "typst" },
  ["docx+typst"] = { "docx", "typst" },
  jamforelse = { "jamforelse" },
}

local function convert(format, markdown)
  if format == "jamforelse" then
    -- pandoc's own reference document; the comparison's text is escaped, so
    -- it holds no image, and should one come anyway it is left as its text
    -- rather than fetched
    local doc = pandoc.read(markdown, comparison_reader, reader_options)
    doc = doc:walk({ Image = function(image) return image.caption end })
    return { pandoc.write(doc, "docx") }
  end
  local doc = pandoc.read(markdown, reader, reader_options)
  doc = doc:walk(link_filter)
  local outputs = {}
  for _, writer in ipairs(requests[format]) do
    outputs[#outputs + 1] = pandoc.write(doc, writer, options[writer])
  end
  return outputs
end

io.stdin:setvbuf("full")
io.stdout:setvbuf("full")
while true do
  local line = io.stdin:read("l")
  if not line then
    break
  end
  local format, length = line:match("^([%a+]+) (%d+)$")
  local markdown = io.stdin:read(tonumber(length or 0)) or ""
  local ok, result
  if requests[format] == nil then
    ok, result = false, "unknown request: " .. line
  else
    ok, result = pcall(convert, format, markdown)
  end
  if ok then
    local lengths = {}
    for i, output in ipairs(result) do
      lengths[i] = #output
    end
    io.stdout:write("ok ", table.concat(lengths, " "), "\n", table.concat(result))
  else
    result = tostring(result)
    io.stdout:write("error ", #result, "\n", result)
  end
  io.stdout:flush()
end
