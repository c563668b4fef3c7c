#ifndef XUEJI_CEDITLINE_SHIM_H
#define XUEJI_CEDITLINE_SHIM_H
/* libedit for Swift: el_set/el_get/history are C variadics, so each use gets a
   static inline wrapper here. Swift 6 also refuses the global stdin/stdout/stderr,
   so el_init is wrapped too. Only the Shell module imports this header. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>
#include <wchar.h>
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

/* ---- editing CJK text ------------------------------------------------------
   libedit's incremental refresh draws the cursor a column off after a double-width (CJK)
   character is deleted in the middle of a line, and longer edits leave stray blanks. These
   deletions redraw the whole line instead (CC_REDISPLAY), which lays it out afresh. */

static unsigned char cel_backspace_redraw(EditLine *e, int ch) {
    (void)ch;
    const LineInfoW *li = el_wline(e);
    if (li->cursor == li->buffer) return CC_ERROR;
    el_wdeletestr(e, 1);
    return CC_REDISPLAY;
}

static unsigned char cel_delete_redraw(EditLine *e, int ch) {
    (void)ch;
    const LineInfoW *li = el_wline(e);
    if (li->cursor >= li->lastchar) return CC_ERROR;
    el_cursor(e, 1);
    el_wdeletestr(e, 1);
    return CC_REDISPLAY;
}

static inline void cel_bind_redrawing_deletes(EditLine *e) {
    el_set(e, EL_ADDFN, "xueji-backspace", "Delete the character before the cursor", cel_backspace_redraw);
    el_set(e, EL_ADDFN, "xueji-delete", "Delete the character under the cursor", cel_delete_redraw);
    el_set(e, EL_BIND, "^?", "xueji-backspace", (const char *)NULL);
    el_set(e, EL_BIND, "^H", "xueji-backspace", (const char *)NULL);
    el_set(e, EL_BIND, "\033[3~", "xueji-delete", (const char *)NULL);
    /* Home and End as the common terminals send them, whatever TERM says. */
    const char *home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"}, *end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (int i = 0; i < 4; i++) {
        el_set(e, EL_BIND, home[i], "ed-move-to-beg", (const char *)NULL);
        el_set(e, EL_BIND, end[i], "ed-move-to-end", (const char *)NULL);
    }
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
   Ctrl-C must abandon the line whenever it comes, even while libedit is redrawing or a
   completion runs (a plain EINTR from read() misses those moments). So the handler sets a
   flag and writes a byte to a self-pipe, and libedit reads keys through cel_getc, which
   polls stdin and the pipe: an interrupt makes it fail with EINTR, and el_gets then returns
   NULL with count -1. The handler has no SA_RESTART.
   The flag and the pipe are weak definitions, not statics: each Swift file that reaches them
   (even through an inlined wrapper) emits the header's definitions into its own object, and
   statics would give each object a copy of its own, so a watcher in one file would read a
   flag the handler, installed from another, never sets. Weak ones are one symbol at link. */

__attribute__((weak)) volatile sig_atomic_t cel_interrupt_flag = 0;
__attribute__((weak)) int cel_signal_pipe[2] = {-1, -1};

static void cel_on_sigint(int signo) {
    (void)signo;
    int saved = errno;
    cel_interrupt_flag = 1;
    if (cel_signal_pipe[1] >= 0) { ssize_t ignored = write(cel_signal_pipe[1], "!", 1); (void)ignored; }
    errno = saved;
}

static inline void cel_drain_signal_pipe(void) {
    char buf[64];
    if (cel_signal_pipe[0] < 0) return;
    while (read(cel_signal_pipe[0], buf, sizeof buf) > 0) {}
}

static inline int cel_install_sigint(void) {
    if (cel_signal_pipe[0] < 0 && pipe(cel_signal_pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(cel_signal_pipe[i], F_SETFL, fcntl(cel_signal_pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(cel_signal_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
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
    cel_drain_signal_pipe();
    return was;
}

/* Whether Ctrl-C was pressed and not yet taken (leaves the flag set): a running statement
   polls this from a watcher thread. */
static inline int cel_interrupt_pending(void) {
    return cel_interrupt_flag != 0;
}

/* libedit's character reader: one multibyte character from fd 0 as a wchar_t.
   Returns 1, 0 at end of file, -1 (errno EINTR) when Ctrl-C was pressed. */
static int cel_getc(EditLine *e, wchar_t *wc) {
    (void)e;
    char buf[MB_LEN_MAX];
    size_t n = 0;
    for (;;) {
        if (cel_interrupt_flag) { errno = EINTR; return -1; }
        struct pollfd fds[2];
        fds[0].fd = 0; fds[0].events = POLLIN; fds[0].revents = 0;
        fds[1].fd = cel_signal_pipe[0]; fds[1].events = POLLIN; fds[1].revents = 0;
        int r = poll(fds, cel_signal_pipe[0] >= 0 ? 2 : 1, -1);
        if (r < 0) { if (errno == EINTR) continue; return -1; }
        if (fds[1].revents & POLLIN) { char b[16]; while (read(cel_signal_pipe[0], b, sizeof b) > 0) {} continue; }
        ssize_t k = read(0, buf + n, 1);
        if (k < 0) { if (errno == EINTR || errno == EAGAIN) continue; return -1; }
        if (k == 0) return 0;
        n++;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t m = mbrtowc(wc, buf, n, &st);
        if (m == (size_t)-2 && n < MB_LEN_MAX) continue;  /* incomplete: read more bytes */
        if (m == (size_t)-1 || m == (size_t)-2) { *wc = (wchar_t)(unsigned char)buf[0]; return 1; }
        if (m == 0) *wc = 0;
        return 1;
    }
}

typedef int (*cel_getc_fn)(EditLine *, wchar_t *);
static inline int cel_use_interruptible_reader(EditLine *e) {
    return el_set(e, EL_GETCFN, (cel_getc_fn)cel_getc);
}

#endif
