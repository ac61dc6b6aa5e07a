-- Links and images in an exported document (pandoc Lua filter, used by
-- samverkan.exportera). A printed page cannot follow a link to a file in the
-- repository, and the export fetches nothing, so:
--   * a file beside the document (marked "bifogad:" by the export) becomes
--     its link text and the file name: "Undertecknat original (bifogad fil: avtal.pdf)";
--   * any other link within the repository or site becomes its text;
--   * web, e-mail and in-document (#rubrik) links stay links;
--   * an image becomes its description and where it is: "[bild: karta.png]".

local function decode(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

local function has_scheme(target)
  return target:match("^%a[%w+.-]*:") ~= nil
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
