#ifndef XUEJI_CEDITLINE_SHIM_H
#define XUEJI_CEDITLINE_SHIM_H
/* libedit for Swift: el_set/el_get/history are C variadics, so each use gets a
   static inline wrapper here. Swift 6 also refuses the global stdin/stdout/stderr,
   so el_init is wrapped too. Only the Shell module imports this header. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <histedit.h>

/* ---- editor ---------------------------------------------------------------- */

/* el_init on the process's own stdin/stdout/stderr. */
static inline EditLine *cel_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

/* The prompt callback: returns a NUL-terminated multibyte string owned by the caller. */
typedef char *(*cel_prompt_fn)(EditLine *);
static inline int cel_set_prompt(EditLine *e, cel_prompt_fn fn) {
    return el_set(e, EL_PROMPT, fn);
}

static inline int cel_set_clientdata(EditLine *e, void *data) {
    return el_set(e, EL_CLIENTDATA, data);
}

static inline void *cel_get_clientdata(EditLine *e) {
    void *data = NULL;
    if (el_get(e, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

static inline int cel_set_editor(EditLine *e, const char *mode) {
    return el_set(e, EL_EDITOR, mode);
}

/* Whether libedit installs its own signal handlers (we keep this off: see LineEditor). */
static inline int cel_set_signal(EditLine *e, int on) {
    return el_set(e, EL_SIGNAL, on);
}

/* A named editor function, bound to keys with cel_bind. */
typedef unsigned char (*cel_command_fn)(EditLine *, int);
static inline int cel_add_function(EditLine *e, const char *name, const char *help, cel_command_fn fn) {
    return el_set(e, EL_ADDFN, name, help, fn);
}

static inline int cel_bind(EditLine *e, const char *key, const char *function) {
    return el_set(e, EL_BIND, key, function, (const char *)NULL);
}

/* Returns the line or NULL; *count is -1 after an interrupted read, 0 at end of file. */
static inline const char *cel_gets(EditLine *e, int *count) {
    return el_gets(e, count);
}

/* Bytes before the cursor (multibyte); returns its length and sets *start. */
static inline int cel_line_before_cursor(EditLine *e, const char **start) {
    const LineInfo *li = el_line(e);
    *start = li->buffer;
    return (int)(li->cursor - li->buffer);
}

static inline int cel_insert(EditLine *e, const char *text) {
    return el_insertstr(e, text);
}

/* Deletes `n` characters (not bytes) before the cursor. */
static inline void cel_delete_before(EditLine *e, int n) {
    el_deletestr(e, n);
}

/* ---- history --------------------------------------------------------------- */

static inline History *cel_history_init(int size) {
    History *h = history_init();
    if (h == NULL) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline int cel_attach_history(EditLine *e, History *h) {
    return el_set(e, EL_HIST, history, h);
}

static inline int cel_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

static inline int cel_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

static inline int cel_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

static inline int cel_history_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return 0;
    return ev.num;
}

/* ---- SIGINT ----------------------------------------------------------------
   A handler without SA_RESTART, so a blocked read() in el_gets fails with EINTR and
   el_gets returns NULL with count -1. The flag lets long-running work poll for Ctrl-C. */

static volatile sig_atomic_t cel_interrupt_flag = 0;

static void cel_on_sigint(int signo) {
    (void)signo;
    cel_interrupt_flag = 1;
}

static inline int cel_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cel_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    return sigaction(SIGINT, &sa, NULL);
}

/* Returns whether Ctrl-C was pressed since the last call, and clears the flag. */
static inline int cel_take_interrupt(void) {
    int was = cel_interrupt_flag != 0;
    cel_interrupt_flag = 0;
    return was;
}

#endif
