-- Links and images in an exported document (pandoc Lua filter, used by
-- samverkan.exportera). A printed page cannot follow a link to a file in the
-- repository, and the export fetches nothing, so:
--   * a file beside the document (marked "bifogad:" by the export) becomes
--     its link text and the file name: "Undertecknat original (bifogad fil: avtal.pdf)";
--   * any other link within the repository or site becomes its text;
--   * web, e-mail and in-document (#rubrik) links stay links;
--   * an image becomes its description and where it is: "[bild: karta.png]";
--   * raw typst or Word code from a document's text is shown as code (below).

local function decode(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

-- web and e-mail links only: javascript: and the like never become links
local KEPT_SCHEMES = { http = true, https = true, mailto = true, tel = true }

local function has_scheme(target)
  local scheme = target:match("^(%a[%w+.-]*):")
  return scheme ~= nil and KEPT_SCHEMES[scheme:lower()] == true
end

function Link(link)
  local file = link.target:match("^bifogad:(.*)$")
  if file then
    local inlines = link.content:clone()
    inlines:extend(pandoc.Inlines(" (bifogad fil: " .. decode(file) .. ")"))
    return inlines
  end
  if has_scheme(link.target) or link.target:sub(1, 1) == "#" then
    return nil
  end
  return link.content
end

function Image(image)
  local src = image.src:match("^bifogad:(.*)$")
  src = src and decode(src) or image.src
  local inlines = pandoc.Inlines("[")
  if #image.caption > 0 then
    inlines:extend(image.caption)
    inlines:extend(pandoc.Inlines(", "))
  end
  inlines:extend(pandoc.Inlines("bild: " .. src .. "]"))
  return inlines
end

-- Raw output code (```{=typst}, `…`{=openxml}): only the export's own page
-- break (dokument.md) reaches Word or typst. Any other raw block or inline is
-- shown as code, so no document text runs typst, which could read files of
-- the repository (an intern document's too) into a public PDF.
local PAGE_BREAKS = {
  typst = "#pagebreak()",
  openxml = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
}

local function trim(text)
  return (text:gsub("^%s+", ""):gsub("%s+$", ""))
end

function RawBlock(raw)
  if raw.format == "html" or PAGE_BREAKS[raw.format] == trim(raw.text) then
    return nil
  end
  return pandoc.CodeBlock(raw.text)
end

function RawInline(raw)
  if raw.format == "html" then
    return nil
  end
  return pandoc.Code(raw.text)
end
