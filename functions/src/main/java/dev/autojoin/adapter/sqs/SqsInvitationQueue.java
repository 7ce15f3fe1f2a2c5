package dev.autojoin.adapter.sqs;

import dev.autojoin.app.InvitationQueue;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The invitation mail queue in SQS: one message per email, {@code {"companyId","inviteId"}}, ten a request
 * (SendMessageBatch's most). An outage is counted, not thrown: the invitations stay queued in the table, and the
 * outbox sweep puts them on the queue later.
 */
public final class SqsInvitationQueue implements InvitationQueue {
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsInvitationQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public int enqueue(List<Message> messages) {
        int refused = 0;
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(body(batch.get(i)))
                        .build());
            }
            try {
                SendMessageBatchResponse sent =
                        sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                refused += sent.hasFailed() ? sent.failed().size() : 0;
            } catch (SdkException unavailable) {
                refused += batch.size();
            }
        }
        return refused;
    }

    /** Ids are UUIDs (no quotes or backslashes to escape): the body is written by hand, no mapper needed. */
    static String body(Message message) {
        return "{\"companyId\":\"" + message.companyId() + "\",\"inviteId\":\"" + message.inviteId() + "\"}";
    }
}
