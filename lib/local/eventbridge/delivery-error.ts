/** A failed delivery attempt; `errorCode` becomes the dead letter's ERROR_CODE. */
export class DeliveryError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}
