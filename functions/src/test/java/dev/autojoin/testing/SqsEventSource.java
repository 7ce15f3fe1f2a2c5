package dev.autojoin.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source, on this machine, for the emulator's SQS: receives up to ten messages, hands them to a
 * handler as the {@link SQSEvent} Lambda builds, deletes those not named in its {@link SQSBatchResponse} (partial
 * batch failures: they come back after the queue's visibility timeout, and past its maxReceiveCount moto moves them
 * to the dead-letter queue, as SQS does). The tests {@link #drain()} it; the local stack runs it in the background
 * ({@link #start()}), through the same handler code. The visibility timeout counts from the handler's answer, not
 * from the receive: in AWS it is six times the function's timeout, here a second or so, shorter than a slow handler.
 */
public final class SqsEventSource implements AutoCloseable {
    /** A queue and its dead-letter queue. */
    public record Queue(String url, String arn, String deadLetterUrl) {}

    private final SqsClient sqs;
    private final Queue queue;
    private final String region;
    private final Function<SQSEvent, SQSBatchResponse> handler;
    private final int visibilityTimeout;
    private volatile boolean running;
    private Thread poller;

    /** Held while the handler runs: longer than any handler takes. */
    private static final int HELD_SECONDS = 300;

    public SqsEventSource(SqsClient sqs, Queue queue, String region, Function<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queue = queue;
        this.region = region;
        this.handler = handler;
        this.visibilityTimeout = Integer.parseInt(sqs.getQueueAttributes(
                        r -> r.queueUrl(queue.url()).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    /**
     * Creates {@code name} with a dead-letter queue ({@code name-dead-letters}) that takes a message after
     * {@code maxReceiveCount} receives, as template.yaml's redrive policy does; the same answer if they exist.
     */
    public static Queue create(SqsClient sqs, String name, int visibilityTimeoutSeconds, int maxReceiveCount) {
        String deadLetterUrl =
                sqs.createQueue(r -> r.queueName(name + "-dead-letters")).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(
                        r -> r.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(r -> r.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Integer.toString(visibilityTimeoutSeconds),
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                                        + maxReceiveCount + "\"}")))
                .queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn, deadLetterUrl);
    }

    /**
     * Hands over what is visible now, batch after batch, until a receive finds nothing: each message once (what fails
     * becomes visible again a visibility timeout after the drain); how many were handed.
     */
    public int drain() {
        int handed = 0;
        List<String> failed = new ArrayList<>();
        for (int batch = poll(0, failed); batch > 0; batch = poll(0, failed)) {
            handed += batch;
        }
        retryLater(failed);
        return handed;
    }

    /** Messages waiting in the dead-letter queue (approximate, as SQS counts). */
    public int deadLetters() {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(queue.deadLetterUrl())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Polls in the background (long polls of a second) until {@link #close()}, as Lambda's poller does. */
    public synchronized SqsEventSource start() {
        if (poller == null) {
            running = true;
            poller = new Thread(
                    () -> {
                        while (running) {
                            try {
                                List<String> failed = new ArrayList<>();
                                poll(1, failed);
                                retryLater(failed);
                            } catch (RuntimeException e) {
                                if (!running) {
                                    return;
                                }
                                System.err.println("sqs event source: " + e);
                                sleep(1000);
                            }
                        }
                    },
                    "sqs-event-source");
            poller.setDaemon(true);
            poller.start();
        }
        return this;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
    }

    private void retryLater(List<String> receiptHandles) {
        receiptHandles.forEach(handle -> sqs.changeMessageVisibility(
                r -> r.queueUrl(queue.url()).receiptHandle(handle).visibilityTimeout(visibilityTimeout)));
    }

    /** One receive; the receipt handles of the messages the handler failed go to {@code failed}. */
    private int poll(int waitSeconds, List<String> failed) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue.url())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .visibilityTimeout(HELD_SECONDS)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSBatchResponse answer;
        try {
            answer = handler.apply(event(messages));
        } catch (RuntimeException threw) {
            // The whole batch failed, as when a function throws: every message comes back.
            messages.forEach(m -> failed.add(m.receiptHandle()));
            throw threw;
        }
        Set<String> itemFailures = new HashSet<>();
        if (answer != null && answer.getBatchItemFailures() != null) {
            answer.getBatchItemFailures().forEach(f -> itemFailures.add(f.getItemIdentifier()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (itemFailures.contains(message.messageId())) {
                failed.add(message.receiptHandle());
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(done));
        }
        return messages.size();
    }

    /** The event Lambda's SQS event source builds from received messages. */
    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queue.arn());
            record.setAwsRegion(region);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
