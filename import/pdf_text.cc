#include "import/pdf_text.h"

#include <fstream>
#include <memory>

#ifdef AG_HAVE_POPPLER
#include <poppler-document.h>
#include <poppler-page.h>
#endif

namespace actorgraph {

bool LooksLikePdf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[5] = {};
  in.read(head, 5);
  return in.gcount() == 5 && std::string(head, 5) == "%PDF-";
}

#ifdef AG_HAVE_POPPLER
bool PdfSupported() {
  return true;
}

Status ForEachPdfPage(const std::string& path,
                      const std::function<Status(int page, const std::string& text)>& fn) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) return Status::InvalidArgument(path + ": not a readable PDF (damaged or encrypted)");
  if (doc->is_locked()) return Status::InvalidArgument(path + ": the PDF is password-protected");
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p)
      return Status::InvalidArgument(path + ": page " + std::to_string(i + 1) + " unreadable");
    const poppler::byte_array bytes =
        p->text(p->page_rect(), poppler::page::physical_layout).to_utf8();
    AG_RETURN_IF_ERROR(fn(i + 1, std::string(bytes.begin(), bytes.end())));
  }
  return Status::OK();
}
#else
bool PdfSupported() {
  return false;
}

Status ForEachPdfPage(const std::string& path,
                      const std::function<Status(int, const std::string&)>&) {
  return Status::Unsupported(path +
                             ": this build has no PDF support (install libpoppler-cpp-dev "
                             "and rebuild), or give the report as text");
}
#endif

}  // namespace actorgraph
