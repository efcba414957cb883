"""Run the same work in several threads at once, each on its own database connection, for
the tests of what must hold under concurrency (on PostgreSQL, with transaction=True)."""

import threading

from django.db import connections


def at_once(work, times=2):
    """Call ``work()`` in ``times`` threads released together; (results, errors)."""
    started = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            started.wait(timeout=10)
            results.append(work())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors
