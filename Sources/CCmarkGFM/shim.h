#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
// For houdini_escape_href: links the site resolves after rendering are escaped as cmark escapes them.
#include <cmark-gfm/houdini.h>
