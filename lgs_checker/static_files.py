"""WhiteNoise's middleware, able to run in an async middleware stack.

WhiteNoise's own middleware is synchronous only. Django runs a synchronous middleware, and with it
everything after it in the stack (every view, async ones too), in its one thread for synchronous
code: a view that awaits something slow (a buy plan on its pool) then holds every other request of
the process. This one serves a static file on a worker thread and otherwise awaits the rest of
the stack, as WhiteNoise does synchronously.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from whitenoise.middleware import WhiteNoiseMiddleware


class AsyncWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    async_capable = True
    sync_capable = True

    def __init__(self, get_response=None, *args, **kwargs) -> None:
        super().__init__(get_response, *args, **kwargs)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        return super().__call__(request)

    async def _acall(self, request):
        static_file = self.find_file(request.path_info) if self.autorefresh else self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve, thread_sensitive=False)(static_file, request)
        return await self.get_response(request)
