// Text of a PDF, page by page, with poppler's C++ library (physical layout,
// so that table columns stay apart). Poppler needs the whole file at hand;
// only one page's text is held at a time.
//
// Thread-safety: one thread per call.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"

namespace actorgraph {

// True when this build can read PDFs.
bool PdfSupported();
// Calls `page` with each page's number (1-based) and UTF-8 text.
Status ForEachPdfPage(const std::string& path,
                      const std::function<Status(int page, const std::string& text)>& page);
// True when the file starts like a PDF ("%PDF-").
bool LooksLikePdf(const std::string& path);

}  // namespace actorgraph
