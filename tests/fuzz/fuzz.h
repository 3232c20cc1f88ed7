/* fuzz.h: the entry point every fuzz target defines. libFuzzer calls it
 * with generated inputs; corpus_main.c calls it with the files of a
 * committed corpus, so the corpus runs in make check without libFuzzer.
 * The targets, each with its corpus in tests/fuzz/corpus/NAME:
 *   fuzz_parser.c   the fast path against Jansson, line by line;
 *   fuzz_ckpt.c     the checkpoint loader, and the writer's round trip;
 *   fuzz_reader.c   the line splitter, plain and gzip, in pieces;
 *   fuzz_options.c  the size, duration, count and fraction parsers;
 *   fuzz_values.c   the schemas' level, duration and time readers.
 * A target returns 0 for every input it finds right, and abort()s, after
 * saying what is wrong on standard error, for any other: libFuzzer then
 * keeps the input as a crash file, and make check fails. */
#ifndef LOGPROC_FUZZ_H
#define LOGPROC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_fail(const char *target, const char *value, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));

#endif /* LOGPROC_FUZZ_H */
