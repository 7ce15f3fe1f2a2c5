# Loaded by the moto_server the test harness starts (MotoServer puts this folder on PYTHONPATH); never deployed.
#
# moto 5's TransactWriteItems keeps a copy of the table to roll back to, but takes it once per action: a transaction of
# 96 actions deep-copies the whole table 96 times, identical copies taken before any action runs, so a bulk invite
# slows with the table's size until calls time out. This takes the copy once per table and transaction: the same
# rollback state, the same semantics, a fraction of the time.
import copy
import functools


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
