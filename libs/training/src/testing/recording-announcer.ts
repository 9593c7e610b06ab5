import type { PromotionAnnouncer } from '../lib/promotion/model-promotion.service';

/** Keeps what would go to `model.promoted`. */
export class RecordingAnnouncer implements PromotionAnnouncer {
  readonly messages: Parameters<PromotionAnnouncer['announce']>[0][] = [];

  async announce(message: Parameters<PromotionAnnouncer['announce']>[0]): Promise<void> {
    this.messages.push(message);
  }
}
