/* fuzz.h: the entry point every fuzz target defines. libFuzzer calls it
 * with generated inputs; corpus_main.c calls it with the files of a
 * committed corpus, so the corpus runs in make check without libFuzzer. */
#ifndef LOGPROC_FUZZ_H
#define LOGPROC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* LOGPROC_FUZZ_H */
