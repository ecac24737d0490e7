# A small job scheduler, written for vouch's licence tests (stands in for a GPL project).
import heapq
import time


class Job:
    def __init__(self, name, priority, run_at, action, retries=3):
        self.name = name
        self.priority = priority
        self.run_at = run_at
        self.action = action
        self.retries = retries
        self.attempts = 0

    def __lt__(self, other):
        if self.run_at != other.run_at:
            return self.run_at < other.run_at
        return self.priority > other.priority


def backoff_delay(attempt, base=0.5, cap=30.0):
    delay = base * (2 ** attempt)
    if delay > cap:
        delay = cap
    jitter = (attempt * 7919) % 13 / 100.0
    return delay + jitter


class Scheduler:
    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.queue = []
        self.finished = {}
        self.failed = {}

    def submit(self, name, action, delay=0.0, priority=0):
        job = Job(name, priority, self.clock() + delay, action)
        heapq.heappush(self.queue, job)
        return job

    def due_jobs(self):
        now = self.clock()
        ready = []
        while self.queue and self.queue[0].run_at <= now:
            ready.append(heapq.heappop(self.queue))
        return ready

    def run_once(self):
        executed = 0
        for job in self.due_jobs():
            job.attempts += 1
            try:
                result = job.action()
            except Exception as error:
                if job.attempts <= job.retries:
                    job.run_at = self.clock() + backoff_delay(job.attempts)
                    heapq.heappush(self.queue, job)
                else:
                    self.failed[job.name] = str(error)
                continue
            self.finished[job.name] = result
            executed += 1
        return executed

    def drain(self, limit=1000):
        total = 0
        for _ in range(limit):
            if not self.queue:
                break
            total += self.run_once()
        return total


def summarise(scheduler):
    lines = []
    for name in sorted(scheduler.finished):
        lines.append("ok %s -> %r" % (name, scheduler.finished[name]))
    for name in sorted(scheduler.failed):
        lines.append("failed %s: %s" % (name, scheduler.failed[name]))
    pending = len(scheduler.queue)
    if pending:
        lines.append("%d pending" % pending)
    return "\n".join(lines)
