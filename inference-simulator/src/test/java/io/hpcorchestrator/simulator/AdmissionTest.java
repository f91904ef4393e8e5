package io.hpcorchestrator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void waitingRequestsAreAdmittedInArrivalOrderAsSlotsFree() throws Exception {
        Admission admission = new Admission(1);
        Admission.Slot first = admission.acquire();
        List<Integer> admitted = new CopyOnWriteArrayList<>();
        List<Admission.Slot> slots = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int id = i;
            Thread waiter = new Thread(() -> {
                try {
                    Admission.Slot slot = admission.acquire();
                    admitted.add(id);
                    slots.add(slot);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.setDaemon(true);
            waiter.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> admission.waiting() == id);
        }

        assertThat(admission.running()).isEqualTo(1);
        first.close();
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> admitted.size() == 1);
        slots.get(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> admitted.size() == 2);
        slots.get(1).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> admitted.size() == 3);

        assertThat(admitted).containsExactly(1, 2, 3);
        assertThat(admission.running()).isEqualTo(1);
        assertThat(admission.waiting()).isZero();
        slots.get(2).close();
        assertThat(admission.running()).isZero();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueue() throws Exception {
        Admission admission = new Admission(1);
        Admission.Slot held = admission.acquire();
        Thread waiter = new Thread(() -> {
            try {
                admission.acquire();
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.waiting() == 1);

        waiter.interrupt();
        waiter.join(5000);

        assertThat(admission.waiting()).isZero();
        held.close();
        assertThat(admission.running()).isZero();
    }
}
