// Parse + free with jansson (duplicate keys rejected, as our reader does).
#include <string>
#include <jansson.h>

long parse_jansson(const std::string& doc) {
    json_error_t e;
    json_t* v = json_loadb(doc.data(), doc.size(), JSON_REJECT_DUPLICATES, &e);
    long ok = v != nullptr;
    json_decref(v);
    return ok;
}
