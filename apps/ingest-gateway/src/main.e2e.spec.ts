import { describeAppProcess } from '@platform/testing/jest';

describeAppProcess('ingest-gateway', async (service) => {
  const event = {
    event_time: '2019-10-31 18:50:55 UTC',
    event_type: 'view',
    product_id: '8800637',
    category_id: '2053013555573162395',
    category_code: 'electronics.telephone',
    brand: 'nokia',
    price: '76.96',
    user_id: '544496263',
    user_session: 'a5628f7a-2e1c-4af7-9252-1deb3ef674fd',
  };
  const posted = await fetch(`${service.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([event]) });
  expect(posted.status).toBe(202);
  expect(await posted.json()).toMatchObject({ accepted: 1, rejected: 0 });
});
