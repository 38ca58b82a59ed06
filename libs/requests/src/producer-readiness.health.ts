import { Injectable } from '@nestjs/common';
import { CommandSender } from './command-sender.service';

/** Readiness of an API's command producer: connected to the broker. */
@Injectable()
export class ProducerReadiness {
  readonly name = 'kafka-producer';

  constructor(private readonly sender: CommandSender) {}

  /** Reports whether commands can be published. */
  async check(): Promise<{ up: boolean }> {
    return { up: this.sender.isConnected() };
  }
}
