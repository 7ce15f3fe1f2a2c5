# Loaded by the moto_server the test harness starts (MotoServer puts this folder on PYTHONPATH); never deployed.
#
# moto 5's TransactWriteItems keeps a copy of the table to roll back to, but takes it once per action: a transaction of
# 96 actions deep-copies the whole table 96 times, identical copies taken before any action runs, so a bulk invite
# slows with the table's size until calls time out. This takes the copy once per table and transaction: the same
# rollback state, the same semantics, a fraction of the time.
import copy
import functools
import os


def _copy_each_table_once():
    try:
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import Table
    except Exception:  # another moto layout: leave it as it is
        return
    transact = DynamoDBBackend.transact_write_items
    deepcopy = copy.deepcopy

    @functools.wraps(transact)
    def transact_write_items(self, transact_items):
        copies = {}

        def once_per_table(value, memo=None, _nil=[]):
            if isinstance(value, Table):
                if id(value) not in copies:
                    copies[id(value)] = deepcopy(value)
                return copies[id(value)]
            return deepcopy(value, memo, _nil)

        copy.deepcopy = once_per_table
        try:
            return transact(self, transact_items)
        finally:
            copy.deepcopy = deepcopy

    DynamoDBBackend.transact_write_items = transact_write_items


_copy_each_table_once()


# moto records every instance of every model class it ever creates (BaseModel.__new__ appends it to the class's
# instances_tracked, for the /moto-api/ dashboard and data.json) and never lets go: every DynamoDB item written,
# every item of every rollback copy a transaction takes (copy.deepcopy goes through __new__ too), every SQS message
# long deleted. moto_server grew by the table's size per transaction until writes timed out (issue 19). This keeps
# the record but holds it weakly: data.json lists the instances still alive, in creation order, as it did before for
# everything moto itself still holds (the table's items, the sent emails).
def _track_instances_weakly():
    try:
        from moto.core.common_models import BaseModel
    except Exception:  # another moto layout: leave it as it is
        return
    import threading
    import weakref

    lock = threading.Lock()

    class Alive:
        __slots__ = ("refs", "prune_at")

        def __init__(self):
            self.refs = []
            self.prune_at = 1024

        def append(self, instance):
            try:
                ref = weakref.ref(instance)
            except TypeError:  # a class that takes no weak reference: held, as moto holds it
                ref = lambda kept=instance: kept
            with lock:
                self.refs.append(ref)
                if len(self.refs) >= self.prune_at:
                    self.refs = [r for r in self.refs if r() is not None]
                    self.prune_at = max(1024, 2 * len(self.refs))

        def __iter__(self):
            with lock:
                refs = list(self.refs)
            return iter([i for i in (r() for r in refs) if i is not None])

    track = BaseModel.__dict__["__new__"]
    track = getattr(track, "__func__", track)

    def __new__(cls, *args, **kwargs):
        if not isinstance(cls.__dict__.get("instances_tracked"), Alive):  # new class, or after /moto-api/reset
            with lock:
                if not isinstance(cls.__dict__.get("instances_tracked"), Alive):
                    cls.instances_tracked = Alive()
        return track(cls, *args, **kwargs)

    BaseModel.__new__ = staticmethod(__new__)


# GET /moto-api/data.json?service=ses answers that service's models only (the local outbox reads the sent emails):
# without the parameter moto serializes every model of every service, the whole table included, on each call.
def _data_of_one_service():
    try:
        from moto.moto_api._internal.responses import MotoAPIResponse
    except Exception:
        return
    import json
    from urllib.parse import parse_qs, urlparse

    everything = MotoAPIResponse.model_data

    def model_data(self, request, full_url, headers):
        wanted = set(parse_qs(urlparse(full_url).query).get("service", []))
        if not wanted:
            return everything(self, request, full_url, headers)
        from moto.core.model_instances import model_data as models_by_service

        results = {}
        for service in sorted(wanted & set(models_by_service)):
            results[service] = {}
            for name, model in sorted(models_by_service[service].items()):
                results[service][name] = []
                for instance in model.instances_tracked:
                    fields = {}
                    for attr in dir(instance):
                        if not attr.startswith("_"):
                            try:
                                value = getattr(instance, attr)
                                json.dumps(value)
                            except (TypeError, AttributeError, ValueError):
                                continue
                            fields[attr] = value
                    results[service][name].append(fields)
        return 200, {"Content-Type": "application/javascript"}, json.dumps(results)

    MotoAPIResponse.model_data = model_data


# AUTOJOIN_SES_SENT_KEPT=n keeps only the n newest emails in moto's SES store (moto keeps every one, bodies and all:
# the local outbox). ./run sets it; the tests leave it unset, so they see every email since their reset.
def _keep_newest_sent_emails():
    kept = os.environ.get("AUTOJOIN_SES_SENT_KEPT", "").strip()
    if not kept:
        return
    try:
        from moto.ses.models import SESBackend
    except Exception:
        return
    import collections

    init = SESBackend.__init__

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.sent_messages = collections.deque(self.sent_messages, maxlen=max(1, int(kept)))

    SESBackend.__init__ = __init__


_track_instances_weakly()
_data_of_one_service()
_keep_newest_sent_emails()
