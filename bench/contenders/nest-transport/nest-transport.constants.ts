/** Names the injection token of the ClientKafka that publishes the output events. */
export const OUTPUT_CLIENT = 'OUTPUT_CLIENT';

/** Names the Kafka client id; ServerKafka and ClientKafka append their own postfixes. */
export const CLIENT_ID = 'bench-nest-transport';
