package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import dev.orderflow.platform.PlatformTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

class DurableMongoIT extends PlatformTestSupport {

  @Autowired MongoTemplate mongo;

  @Test
  void writes_are_acknowledged_once_journaled_by_a_majority_and_reads_see_only_such_writes() {
    var database = mongo.getDb();

    assertThat(database.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    assertThat(database.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
  }
}
