"""In-process benchmarks: Trestle next to other Python web frameworks, with no sockets.

``python -m benchmarks.run`` times eight request scenarios against every framework's app;
``python -m benchmarks.import_time`` compares cold import times. See benchmarks/README.md.
"""
