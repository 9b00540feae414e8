// libjq 1.6 (Debian libjq-dev): the compiler/interpreter and its jv values.
#include <jq.h>
#include <jv.h>
