#ifndef XUEJI_CEDITLINE_SHIM_H
#define XUEJI_CEDITLINE_SHIM_H
/* libedit for Swift: el_set/el_get/history are C variadics, so each use gets a
   static inline wrapper here. */
#include <stdio.h>
#include <histedit.h>
#endif
