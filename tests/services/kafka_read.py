"""Reads every message of one or more Kafka topics with kafka-python (a real consumer) and
prints one JSON line per message: {"topic", "partition", "offset", "key", "value"}.

Usage: kafka_read.py BOOTSTRAP TOPIC[,TOPIC...] [--key KEY] [--min N] [--timeout SECONDS]

Stops when at least N messages (with the key, if given) were read and no more arrive for
a second, or at the timeout. Exits 0 either way; the caller checks what arrived.
"""
import argparse
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bootstrap")
    parser.add_argument("topics")
    parser.add_argument("--key")
    parser.add_argument("--min", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    topics = args.topics.split(",")
    consumer = KafkaConsumer(
        bootstrap_servers=args.bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=1000,
    )
    deadline = time.monotonic() + args.timeout
    assigned = []
    while time.monotonic() < deadline and not assigned:
        for topic in topics:
            partitions = consumer.partitions_for_topic(topic) or set()
            assigned += [TopicPartition(topic, p) for p in partitions]
        if not assigned:
            time.sleep(0.2)
    if not assigned:
        print("no partitions for " + args.topics, file=sys.stderr)
        return 0
    consumer.assign(assigned)
    consumer.seek_to_beginning(*assigned)
    seen = 0
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        batch = consumer.poll(timeout_ms=500)
        got = False
        for records in batch.values():
            for m in records:
                key = m.key.decode() if m.key is not None else None
                if args.key is not None and key != args.key:
                    continue
                got = True
                seen += 1
                print(json.dumps({
                    "topic": m.topic,
                    "partition": m.partition,
                    "offset": m.offset,
                    "key": key,
                    "value": m.value.decode("utf-8"),
                }), flush=True)
        if got:
            quiet_since = time.monotonic()
        elif seen >= args.min and time.monotonic() - quiet_since > 1.0:
            break
    consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
